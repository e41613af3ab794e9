import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, type Harness } from '../helpers/harness.ts';

describe.each(PROVIDERS)('/coalition on %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))('helps with every visible command, and details one', async () => {
    const all = await h.text('newcomer', '/coalition help');
    for (const c of [
      '/learning share',
      '/commitment update',
      '/meeting rsvp',
      '/member link',
      '/coalition settings',
    ])
      expect(all).toContain(c);
    expect(all).not.toContain('/learning useful');
    const one = await h.text('newcomer', '/coalition help meeting');
    expect(one).toContain('answer: yes, maybe or no (yes, maybe, no)');
    expect(one).not.toContain('/learning');
  });

  it.skipIf(!available(provider))('keeps settings to the secretariat', async () => {
    const before = await h.counts();
    const refused = await h.run('newcomer', '/coalition settings timezone:America/Lima');
    expect(refused.reply.lines).toEqual(['Only the coalition secretariat can do this.']);
    const counts = await h.counts();
    expect(counts.coalitions).toBe(before.coalitions);
    expect((await h.db.coalition.findFirstOrThrow()).timezone).toBe('Europe/Paris');
  });

  it.skipIf(!available(provider))(
    'saves settings from the secretariat (DOCKET_ADMINS) and audits them',
    async () => {
      const out = await h.text(
        'sec',
        '/coalition settings timezone:America/Lima locale:es reminders:"60, 1440" learnings_channel:#learnings',
      );
      expect(out).toContain('Saved.');
      const c = await h.db.coalition.findFirstOrThrow();
      expect(c).toMatchObject({ timezone: 'America/Lima', locale: 'es', reminderOffsets: '1440,60' });
      expect(
        (await h.db.chatSpace.findFirstOrThrow({ where: { platform: 'CONSOLE' } })).learningsChannelId,
      ).toBe('#learnings');
      expect(await h.db.auditEntry.count({ where: { action: 'coalition.settings' } })).toBe(1);
      // New people now hear Spanish by default.
      expect((await h.run('nuevo', '/learning show L1')).locale).toBe('es');
    },
  );
});
