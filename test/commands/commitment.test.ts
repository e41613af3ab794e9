import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

const LOG =
  '/commitment log title:"Open court hearings online" member:Kenya plan:2024-2028 description:"Publish hearing lists and judgments of all courts online." themes:open_justice_institutions,justice_data institution:"Judiciary of Kenya" ogp_id:ke0034 people_centred:yes';

describe.each(PROVIDERS)('/commitment on %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
    await joined(h, 'wanjiru', 'Judiciary of Kenya', 'government');
    await joined(h, 'otieno', 'Judiciary of Kenya');
    await joined(h, 'carla', 'Fundación Justicia', 'civil_society');
    await joined(h, 'olga', 'Observatory', 'civil_society', 'observer');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'logs a commitment with OGP id, themes, SDG default and owner organisation',
    async () => {
      const out = await h.run('wanjiru', LOG);
      expect(out.ok).toBe(true);
      expect(out.reply.title).toBe('C1 · Open court hearings online');
      const row = await h.db.commitment.findFirstOrThrow({ include: { themes: true, organization: true } });
      expect(row).toMatchObject({
        ogpId: 'KE0034',
        member: 'Kenya',
        planPeriod: '2024-2028',
        peopleCentred: true,
        sdgTargets: '16.3',
        completion: 'NOT_STARTED',
      });
      expect(row.organization?.name).toBe('Judiciary of Kenya');
      expect(row.themes.map((t) => t.theme).sort()).toEqual(['JUSTICE_DATA', 'OPEN_JUSTICE_INSTITUTIONS']);
    },
  );

  it.skipIf(!available(provider))('refuses a second commitment with the same OGP id', async () => {
    const before = await h.counts();
    const out = await h.run('otieno', LOG.replace('ke0034', 'KE0034'));
    expect(out.reply.lines).toEqual(['OGP id KE0034 is already logged as C1; update that one instead.']);
    expect(await h.counts()).toEqual(before);
  });

  it.skipIf(!available(provider))(
    'takes progress from the owning organisation with IRM completion levels',
    async () => {
      const out = await h.run(
        'otieno',
        '/commitment update C1 substantial Hearing lists are online for 40 of 47 counties. evidence:https://judiciary.example.org/lists',
      );
      expect(out.ok).toBe(true);
      expect(out.reply.lines?.[0]).toBe('C1: completion moved from Not started to Substantial.');
      const update = await h.db.commitmentUpdate.findFirstOrThrow();
      expect(update).toMatchObject({
        completion: 'SUBSTANTIAL',
        previousCompletion: 'NOT_STARTED',
        note: 'Hearing lists are online for 40 of 47 counties.',
        evidenceUrl: 'https://judiciary.example.org/lists',
      });
      expect((await h.db.commitment.findFirstOrThrow()).completion).toBe('SUBSTANTIAL');
    },
  );

  it.skipIf(!available(provider))(
    'refuses updates from another organisation and from observers, writing nothing',
    async () => {
      const before = await h.counts();
      const other = await h.run('carla', '/commitment update C1 complete "Done, we think."');
      expect(other.reply.lines).toEqual([
        'Only people of the organisation that logged C1, or the secretariat, can update it.',
      ]);
      const observer = await h.run('olga', '/commitment update C1 complete "Done, we think."');
      expect(observer.reply.lines?.[0]).toContain('only members can do this');
      const observerLog = await h.run('olga', LOG.replace('ogp_id:ke0034', ''));
      expect(observerLog.ok).toBe(false);
      expect(await h.counts()).toEqual(before);
    },
  );

  it.skipIf(!available(provider))('lets the secretariat update any commitment', async () => {
    const out = await h.run(
      'sec',
      '/commitment update id:C1 completion:complete note:"Verified at the IRM results report."',
    );
    expect(out.ok).toBe(true);
    expect((await h.db.commitment.findFirstOrThrow()).completion).toBe('COMPLETE');
  });

  it.skipIf(!available(provider))('lists and filters, and shows recent progress', async () => {
    await h.run(
      'carla',
      '/commitment log title:"Legal aid for women" member:"Buenos Aires" plan:2023-2025 description:"Free legal aid centres for women in every district." themes:access_to_justice sdg:"16.3, 5.2"',
    );
    const all = await h.text('carla', '/commitment list');
    expect(all).toContain('C1 · Open court hearings online — Kenya (2024-2028) · Complete · KE0034');
    expect(all).toContain('C2 · Legal aid for women — Buenos Aires (2023-2025) · Not started');
    const filtered = await h.text('carla', '/commitment list completion:not_started');
    expect(filtered).not.toContain('C1 ·');
    const byWord = await h.text('carla', '/commitment list query:kenya');
    expect(byWord).toContain('C1 ·');
    expect(byWord).not.toContain('C2 ·');
    const shown = await h.text('carla', '/commitment show c1');
    expect(shown).toContain('Recent progress:');
    expect(shown).toContain(
      'Substantial — Hearing lists are online for 40 of 47 counties. evidence <https://judiciary.example.org/lists>',
    );
    expect((await h.db.commitment.findFirstOrThrow({ where: { number: 2 } })).sdgTargets).toBe('16.3,5.2');
  });
});
