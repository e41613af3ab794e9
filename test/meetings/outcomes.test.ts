// After a meeting: the "I attended" follow-up in the reminder's thread, attendance marked by the
// organiser, minutes, action items reminded the day before and when overdue (once each), and the
// figures in the digest and the annual report (which keeps its shape and adds beneath it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planReminders } from '../../src/jobs/reminders.job.ts';
import { parseIsoWeek } from '../../src/services/index.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, type Harness } from '../helpers/harness.ts';
import { MemoryPlatform } from '../helpers/memory-platform.ts';

describe.each(PROVIDERS)('meeting outcomes on %s', (provider) => {
  let h: Harness;
  let platform: MemoryPlatform;
  const tick = async () => {
    await planReminders(h.jobs());
    await h.docket.courier.idle();
    await h.docket.courier.deliver();
  };
  const titles = (user: string) => platform.to(user).map((s) => String(s.message.reply.title));

  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider); // clock 2026-11-27 12:00 UTC, Europe/Paris
    // Joining is a request the secretariat approves (with the organisation's standing when new).
    const join = async (who: string, line: string) => {
      expect((await h.run(who, `/member join ${line}`)).ok).toBe(true);
      const request = await h.db.joinRequest.findFirstOrThrow({
        where: { status: 'PENDING', person: { displayName: who } },
        include: { organization: true },
      });
      const standing = request.organization.verifiedAt
        ? ''
        : ` standing:${/role:observer/.test(line) ? 'observer' : 'member'}`;
      expect((await h.run('sec', `/member approve J${request.number}${standing}`)).ok).toBe(true);
    };
    await join('org', 'organization:"Ministry of Justice" type:government country:KE');
    await join('ann', 'organization:"Ministry of Justice"');
    await join('bob', 'organization:Namati type:civil_society country:SL');
    await join('obs', 'organization:Watchers type:civil_society country:FR role:observer');
    platform = new MemoryPlatform('CONSOLE', { events: false });
    h.attach(platform);
    await h.run(
      'org',
      '/meeting schedule title:"Working group" start:"2026-11-30 10:00" link:https://meet.example.org/w',
    );
    await h.db.meeting.updateMany({ data: { channelId: null } }); // people only, for clarity
    for (const [who, answer] of [
      ['ann', 'yes'],
      ['bob', 'yes'],
      ['obs', 'maybe'],
    ])
      await h.run(who!, `/meeting rsvp M1 ${answer}`);
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'asks attendees after the meeting, in the thread of their last reminder, and records who attended',
    async () => {
      h.clock.current = new Date('2026-11-30T08:00:00Z'); // one hour before
      await tick();
      const reminder = platform.to('ann').at(-1)!;
      expect(reminder.message.reply.title).toBe('Reminder: M1 · Working group');
      h.clock.current = new Date('2026-11-30T10:05:00Z'); // it ended five minutes ago
      await tick();
      await tick();
      const ask = platform.to('ann').at(-1)!;
      expect(ask.message.reply.title).toBe('Did you attend M1 · Working group?');
      expect(ask.message.reply.buttons).toEqual([
        { label: 'I attended', command: 'meeting', sub: 'attendance', input: { id: 'M1' }, style: 'primary' },
      ]);
      expect(ask.to.thread).toEqual(reminder.ref);
      expect(titles('ann').filter((t) => t.startsWith('Did you attend'))).toHaveLength(1);
      // The button says it; the organiser marks the others; a name nobody has is refused.
      expect((await h.run('ann', '/meeting attendance M1')).reply.lines).toEqual([
        'Thank you: your attendance at M1 is recorded.',
      ]);
      expect((await h.run('bob', '/meeting attendance M1 present:"ann"')).reply.lines?.[0]).toMatch(
        /^Only the organiser of M1 or the secretariat can mark who was present/,
      );
      expect((await h.run('org', '/meeting attendance M1 present:"zed, bob"')).reply.lines).toEqual([
        'No single member goes by these names: zed. Check the spelling with /member list.',
      ]);
      expect((await h.run('org', '/meeting attendance M1 present:"Bob, obs, ann"')).reply.lines).toEqual([
        '2 attendees added to M1 (3 in all).',
      ]);
      const rows = await h.db.attendance.findMany({ orderBy: { id: 'asc' } });
      expect(rows.map((r) => [r.orgType, r.country, r.observer])).toEqual([
        ['GOVERNMENT', 'KE', false],
        ['CIVIL_SOCIETY', 'SL', false],
        ['CIVIL_SOCIETY', 'FR', true],
      ]);
      // Someone who already said so is not asked again; after 48 hours it is closed.
      h.clock.current = new Date('2026-12-02T10:01:00Z');
      expect((await h.run('org', '/meeting attendance M1')).reply.lines?.[0]).toMatch(/more than 48 hours/);
    },
  );

  it.skipIf(!available(provider))('records minutes (organiser or secretariat only)', async () => {
    expect((await h.run('bob', '/meeting minutes M1 summary:"We met."')).reply.lines).toEqual([
      'Only the organiser of M1 or the secretariat can record its minutes.',
    ]);
    const out = await h.run(
      'org',
      '/meeting minutes M1 summary:"Survey results discussed." decisions:"Publish the data by March."',
    );
    expect(out.ok).toBe(true);
    expect(await h.text('ann', '/meeting show M1')).toContain('Decisions: Publish the data by March.');
  });

  it.skipIf(!available(provider))(
    'reminds the owner of an action item the day before and once overdue, each once',
    async () => {
      h.clock.current = new Date('2026-12-01T09:00:00Z');
      expect((await h.run('org', '/action add M1 owner:bob due:2026-11-30 text:"Late"')).reply.lines).toEqual(
        ['• due: that day has passed (read in Europe/Paris); pick today or later'],
      );
      const added = await h.run(
        'org',
        '/action add M1 owner:bob due:2026-12-03 text:"Share the survey draft"',
      );
      expect(added.ok).toBe(true);
      expect(added.reply.title).toBe('A1 · Share the survey draft');
      await tick();
      expect(titles('bob').at(-1)).toBe('A1 · Share the survey draft'); // told it is theirs
      h.clock.current = new Date('2026-12-02T07:59:00Z'); // 08:59 in Paris, the day before
      await tick();
      expect(titles('bob').filter((t) => t.startsWith('Due tomorrow'))).toEqual([]);
      h.clock.current = new Date('2026-12-02T08:00:00Z');
      await tick();
      await tick();
      expect(titles('bob').filter((t) => t.startsWith('Due tomorrow'))).toEqual(['Due tomorrow: A1']);
      h.clock.current = new Date('2026-12-03T22:59:00Z'); // still the 3rd in Paris
      await tick();
      expect(titles('bob').filter((t) => t.startsWith('Overdue'))).toEqual([]);
      h.clock.current = new Date('2026-12-03T23:00:00Z');
      await tick();
      h.clock.advance(3600_000);
      await tick();
      expect(titles('bob').filter((t) => t.startsWith('Overdue'))).toEqual(['Overdue: A1']);
      expect(await h.text('bob', '/action list mine:yes')).toContain(
        'A1 · Share the survey draft — bob · due 2026-12-03 · overdue · M1',
      );
      expect((await h.run('ann', '/action done A1')).reply.lines?.[0]).toMatch(/^Only the owner of A1/);
      expect((await h.run('bob', '/action done A1')).reply.lines).toEqual(['A1 is done. Thank you!']);
      expect(await h.text('bob', '/action list')).toContain('Nothing');
    },
  );

  it.skipIf(!available(provider))(
    'feeds attendance and action items into the digest and the annual report, keeping its shape',
    async () => {
      const c = await h.db.coalition.findFirstOrThrow();
      const week = parseIsoWeek('2026-W49', c.timezone)!;
      h.clock.current = new Date('2026-12-08T09:00:00Z');
      const d = await h.services.digests.details(c.id, week, c.timezone);
      expect(d.figures).toMatchObject({
        held: 1,
        attended: 2,
        attendedObservers: 1,
        actionsOpened: 1,
        actionsDone: 1,
        actionsOverdue: 0,
      });
      expect(d.attendance.byOrgType).toEqual({ GOVERNMENT: 1, CIVIL_SOCIETY: 2 });
      const digest = await h.text('sec', '/digest 2026-W49');
      expect(digest).toContain('1 meeting held; 2 attended (+1 observers)');
      expect(digest).toContain('Action items: 1 opened, 1 done, 0 overdue');

      const r = await h.services.reports.annual(c.id, 2026);
      // The stable shape is all there…
      expect(r).toMatchObject({
        schemaVersion: 1,
        year: 2026,
        members: { total: 3, byType: expect.any(Object) },
        meetings: { total: 1, rsvps: { YES: 2, MAYBE: 0, NO: 0 } },
      });
      // …and the new figures sit beneath it.
      expect(r.meetings.attendance).toEqual({
        total: 3,
        members: 2,
        observers: 1,
        byOrgType: { GOVERNMENT: 1, CIVIL_SOCIETY: 2, PRIVATE_SECTOR: 0, MULTILATERAL: 0, UNKNOWN: 0 },
        byCountry: { FR: 1, KE: 1, SL: 1 },
        meetingsRecorded: 1,
      });
      expect(r.meetings.withMinutes).toBe(1);
      expect(r.actions).toEqual({ opened: 1, done: 1, overdue: 0, open: 0 });
      const csv = (await h.run('sec', '/report annual 2026 format:csv')).reply.attachments?.find((a) =>
        a.filename.endsWith('.csv'),
      )?.content;
      expect(csv).toContain('attendance,members,2');
      expect(csv).toContain('actions,opened,1');
    },
  );
});
