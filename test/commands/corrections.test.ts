// What a new user tripped over, each pinned by a test: the words and figures people read must be
// true. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

describe.each(PROVIDERS)('corrections on %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider, { timezone: 'Europe/Paris' });
    await joined(h, 'org', 'Ministry of Justice', 'government');
    await joined(h, 'ann', 'Ministry of Justice');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))('a DOCKET_ADMINS person’s profile says secretariat', async () => {
    const fields = Object.fromEntries(
      ((await h.run('sec', '/member profile')).reply.fields ?? []).map((f) => [f.label, f.value]),
    );
    expect(fields.Role).toBe('secretariat');
  });

  it.skipIf(!available(provider))(
    'one rule for the zone: the profile, else the platform’s, else the coalition’s — never the machine’s',
    async () => {
      const zoneOf = async (person: string, hint?: string) => {
        const out = await h.run(person, '/member profile', hint ? { timezoneHint: hint } : {});
        return {
          shown: String(out.reply.fields?.find((f) => f.label === 'Time zone')?.value),
          replies: out.timeZone,
        };
      };
      // No profile zone, no platform zone: the coalition's, in the profile and in replies alike.
      const plain = await zoneOf('ann');
      expect(plain.replies).toBe('Europe/Paris');
      expect(plain.shown).toMatch(/^Europe\/Paris — /);
      // The platform reports one: both follow it.
      const hinted = await zoneOf('ann', 'America/Bogota');
      expect(hinted.replies).toBe('America/Bogota');
      expect(hinted.shown).toMatch(/^America\/Bogota — /);
      // A profile zone wins over both.
      await h.run('ann', '/member profile timezone:Africa/Nairobi');
      expect((await zoneOf('ann', 'America/Bogota')).replies).toBe('Africa/Nairobi');
    },
  );

  it.skipIf(!available(provider))('the settings audit names only what really changed', async () => {
    await h.run('sec', '/coalition settings timezone:Europe/Paris locale:en reminders:"1440, 60"');
    await h.run('sec', '/coalition settings timezone:Europe/Paris locale:fr');
    const entries = await h.db.auditEntry.findMany({ where: { action: 'coalition.settings' } });
    expect(entries.map((e) => JSON.parse(e.detail ?? '{}'))).toEqual([{ changed: ['locale'] }]);
    await h.run('sec', '/coalition settings locale:en');
  });

  it.skipIf(!available(provider))(
    'rescheduling to the same time tells no one and changes nothing',
    async () => {
      await h.run(
        'org',
        '/meeting schedule title:"Same time" start:"2026-12-10 10:00" link:https://meet.example.org/s',
      );
      const id = (await h.db.meeting.findFirstOrThrow({ where: { title: 'Same time' } })).number;
      await h.run('ann', `/meeting rsvp M${id} yes`);
      const before = await h.db.outboxMessage.count();
      const out = await h.run('org', `/meeting reschedule M${id} start:"2026-12-10 10:00"`);
      expect(out.reply.lines?.[0]).toBe(`M${id} already starts then; nothing changed and no one was told.`);
      expect(await h.db.outboxMessage.count()).toBe(before);
      expect((await h.db.meeting.findFirstOrThrow({ where: { number: id } })).sequence).toBe(0);
    },
  );

  it.skipIf(!available(provider))(
    'a cancelled meeting’s calendar file says it is cancelled, and is',
    async () => {
      await h.run(
        'org',
        '/meeting schedule title:"Called off" start:"2026-12-11 10:00" link:https://meet.example.org/c',
      );
      const id = (await h.db.meeting.findFirstOrThrow({ where: { title: 'Called off' } })).number;
      await h.run('org', `/meeting cancel M${id}`);
      const out = await h.run('ann', `/meeting ics M${id}`);
      expect(out.reply.lines).toEqual([
        'This meeting is cancelled. The calendar file marks it cancelled: open it to remove the meeting from your calendar.',
      ]);
      const ics = out.reply.attachments?.[0]?.content ?? '';
      expect(ics).toContain('STATUS:CANCELLED');
      expect(ics).toContain('METHOD:CANCEL');
    },
  );

  it.skipIf(!available(provider))(
    'digest and report files are in the reader’s language, times in their zone',
    async () => {
      await h.run(
        'org',
        '/meeting schedule title:"Soon after" start:"2026-12-01 10:00" link:https://meet.example.org/d',
      );
      const fr = { localeHint: 'fr-FR', timezoneHint: 'Europe/Paris' };
      const digest = await h.run('sec', '/digest', fr);
      const md = digest.reply.attachments?.find((a) => a.filename.endsWith('.md'))?.content ?? '';
      expect(md.split('\n')[0]).toBe(`# ${digest.reply.title}`);
      expect(md).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/); // no raw ISO instants
      expect(md).toContain('déc. 2026');
      const report = await h.run('sec', '/report annual format:md', fr);
      expect(report.reply.attachments?.[0]?.content).toMatch(/^# .* — activité en 2026/);
    },
  );

  it.skipIf(!available(provider))('answers in any of the three languages are understood', async () => {
    await h.run(
      'org',
      '/meeting schedule title:"Polyglot" start:"2026-12-12 10:00" link:https://meet.example.org/p',
    );
    const id = (await h.db.meeting.findFirstOrThrow({ where: { title: 'Polyglot' } })).number;
    for (const [answer, stored] of [
      ['oui', 'YES'],
      ['peut-être', 'MAYBE'],
      ['sí', 'YES'],
      ['Quizás', 'MAYBE'],
      ['non', 'NO'],
    ] as const) {
      expect((await h.run('ann', `/meeting rsvp M${id} ${answer}`)).ok, answer).toBe(true);
      const rsvp = await h.db.rsvp.findFirstOrThrow({
        where: { meeting: { number: id }, person: { displayName: 'ann' } },
      });
      expect(rsvp.answer, answer).toBe(stored);
    }
    // Choices too: a theme by its French label.
    expect(
      (
        await h.run(
          'ann',
          '/learning share title:"Par thème" summary:"Un thème écrit en français." themes:"Données de la justice"',
        )
      ).ok,
    ).toBe(true);
  });
});
