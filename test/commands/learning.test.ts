import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

describe.each(PROVIDERS)('/learning on %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
    await joined(h, 'amina', 'Kituo cha Sheria', 'civil_society');
    await joined(h, 'bruno', 'Ministry of Justice', 'government');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'shares a learning with themes, link and organisation, and numbers it per coalition',
    async () => {
      const out = await h.run(
        'amina',
        '/learning share title:"Paralegal networks" summary:"Community paralegals resolved most land disputes without court." themes:legal_empowerment,access_to_justice url:https://example.org/paralegals country:Kenya',
      );
      expect(out.ok).toBe(true);
      expect(out.reply.title).toBe('L1 · Paralegal networks');
      expect(out.reply.visibility).toBe('ephemeral');
      const row = await h.db.learning.findFirstOrThrow({ where: { number: 1 }, include: { themes: true } });
      expect(row.orgType).toBe('CIVIL_SOCIETY');
      expect(row.url).toBe('https://example.org/paralegals');
      expect(row.themes.map((t) => t.theme).sort()).toEqual(['ACCESS_TO_JUSTICE', 'LEGAL_EMPOWERMENT']);
      const second = await h.run(
        'bruno',
        '/learning share title:"Court dashboards" summary:"Weekly dashboards of pending cases shortened pre-trial detention." themes:justice_data',
      );
      expect(second.reply.title).toBe('L2 · Court dashboards');
    },
  );

  it.skipIf(!available(provider))(
    'announces a shared learning in the coalition’s learnings channel, through the outbox',
    async () => {
      expect((await h.run('sec', '/coalition settings learnings_channel:CLEARN')).ok).toBe(true);
      const out = await h.run(
        'amina',
        '/learning share title:"Announced" summary:"A card for the whole coalition." themes:sdg16',
      );
      const rows = await h.db.outboxMessage.findMany({ where: { kind: 'announce.learnings' } });
      expect(rows.map((r) => JSON.parse(r.target))).toEqual([
        { kind: 'channel', platform: 'CONSOLE', spaceId: 'console', channelId: 'CLEARN' },
      ]);
      const payload = JSON.parse(rows[0]!.payload) as { reply: { title: string; visibility: string } };
      expect(payload.reply).toMatchObject({ title: out.reply.title, visibility: 'public' });
      // A refused share announces nothing.
      await h.run(
        'stranger',
        '/learning share title:"Nope" summary:"Not joined yet, so refused." themes:sdg16',
      );
      expect(await h.db.outboxMessage.count({ where: { kind: 'announce.learnings' } })).toBe(1);
    },
  );

  it.skipIf(!available(provider))(
    'searches case-insensitively by words, bare or named, and by theme',
    async () => {
      const bare = await h.text('bruno', '/learning search PARALEGAL');
      expect(bare).toContain('L1 · Paralegal networks');
      expect(bare).not.toContain('L2');
      const themed = await h.text('bruno', '/learning search theme:justice_data');
      expect(themed).toContain('L2 · Court dashboards');
      expect(themed).not.toContain('L1 ·');
      const none = await h.text('bruno', '/learning search query:"no such words"');
      expect(none).toContain('No learning matches “no such words”.');
    },
  );

  it.skipIf(!available(provider))('ignores accents as well as case, typed either way', async () => {
    const out = await h.run(
      'bruno',
      '/learning share title:"Émoji reactions in court chats" summary:"Réactions rapides: acceso más fácil." themes:technology',
    );
    expect(out.ok).toBe(true);
    for (const query of ['emoji', 'ÉMOJI', 'reactions rapides', 'ACCESO MAS', 'émojí']) {
      expect(await h.text('bruno', `/learning search query:"${query}"`), query).toContain('Émoji reactions');
    }
  });

  it.skipIf(!available(provider))(
    're-keys rows written before accents were folded, once, at start',
    async () => {
      await h.run(
        'bruno',
        '/learning share title:"Défenseurs" summary:"Written under the old key form." themes:sdg16',
      );
      // As the previous version stored it: case folded, accents kept.
      await h.db.learning.updateMany({
        where: { title: 'Défenseurs' },
        data: { searchText: 'défenseurs \u0001 written' },
      });
      await h.db.meta.deleteMany({ where: { key: 'searchKey' } });
      expect(await h.text('bruno', '/learning search defenseurs')).not.toContain('Défenseurs');
      expect(await h.services.searchIndex.refresh()).toBeGreaterThan(0);
      expect(await h.services.searchIndex.refresh()).toBe(0);
      expect(await h.text('bruno', '/learning search defenseurs')).toContain('Défenseurs');
    },
  );

  it.skipIf(!available(provider))(
    'shows a learning by id in any case and refuses an unknown one',
    async () => {
      expect(await h.text('bruno', '/learning show l1')).toContain('Community paralegals resolved');
      const missing = await h.run('bruno', '/learning show L99');
      expect(missing.ok).toBe(false);
      expect(missing.reply.lines).toEqual([
        'There is no learning L99 in this coalition. Try /learning list.',
      ]);
    },
  );

  it.skipIf(!available(provider))(
    'counts a useful vote once per person and lets it be taken back',
    async () => {
      const shown = await h.run('bruno', '/learning show L1');
      const button = shown.reply.buttons?.[0];
      expect(button).toMatchObject({ command: 'learning', sub: 'useful', input: { id: 'L1' } });
      const press = () =>
        h.run('bruno', '/learning', { sub: button!.sub, input: button!.input, text: undefined });
      expect((await press()).reply.buttons?.[0]?.label).toBe('Useful (1)');
      expect((await press()).reply.buttons?.[0]?.label).toBe('Useful (0)');
      await press();
      await h.run('amina', '/learning', { sub: 'useful', input: { id: 'L1' }, text: undefined });
      expect((await h.db.learning.findFirstOrThrow({ where: { number: 1 } })).usefulCount).toBe(2);
      expect(await h.db.learningVote.count()).toBe(2);
    },
  );

  it.skipIf(!available(provider))('lists newest first with paging', async () => {
    const total = (await h.db.learning.count()) + 11;
    for (let i = 0; i < 11; i++) {
      h.clock.advance(60_000);
      await h.run(
        'bruno',
        `/learning share title:"Note ${i}" summary:"A learning number ${i} for paging tests." themes:technology`,
      );
    }
    const first = await h.text('bruno', '/learning list');
    expect(first.split('\n')[1]).toContain('Note 10');
    expect(first).toContain(`Showing 1–10 of ${total}. More: /learning list page:2`);
    const second = await h.text('bruno', '/learning list page:2');
    expect(second).toContain(`Showing 11–${Math.min(20, total)} of ${total}.`);
  });

  it.skipIf(!available(provider))('refuses sharing before joining, and writes nothing', async () => {
    const before = await h.counts();
    const out = await h.run(
      'stranger',
      '/learning share title:"Hello there" summary:"Some summary long enough." themes:sdg16',
    );
    expect(out.ok).toBe(false);
    expect(out.reply.lines?.[0]).toContain('Join an organisation first');
    expect(await h.counts()).toEqual(before);
  });
});
