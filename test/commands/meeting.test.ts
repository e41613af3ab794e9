import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

describe.each(PROVIDERS)('/meeting on %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider); // coalition zone Europe/Paris; clock 2026-11-27 12:00 UTC
    await joined(h, 'ana', 'Ministerio de Justicia', 'government');
    await joined(h, 'ben', 'Namati', 'civil_society');
    await joined(h, 'obs', 'Watchers', 'civil_society', 'observer');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))('schedules in the given zone and stores the instant in UTC', async () => {
    const out = await h.run(
      'ana',
      '/meeting schedule title:"Justice data working group" start:"2026-12-03 15:00" timezone:America/Bogota duration:90 link:https://meet.example.org/jdwg agenda:"Survey results"',
    );
    expect(out.ok).toBe(true);
    expect(out.reply.title).toBe('M1 · Justice data working group');
    const m = await h.db.meeting.findFirstOrThrow();
    expect(m.startsAt.toISOString()).toBe('2026-12-03T20:00:00.000Z');
    expect(m).toMatchObject({
      timezone: 'America/Bogota',
      durationMinutes: 90,
      kind: 'VIRTUAL',
      joinUrl: 'https://meet.example.org/jdwg',
    });
    expect(out.reply.fields?.[0]).toEqual({
      label: 'When',
      value: [{ time: new Date('2026-12-03T20:00:00Z') }],
    });
  });

  it.skipIf(!available(provider))(
    'reads the start in the person’s zone when none is given, and the reader sees their own',
    async () => {
      await h.run('ben', '/member profile timezone:Asia/Tokyo');
      const out = await h.run(
        'ben',
        '/meeting schedule title:"Annual meeting" start:"2027-09-10 09:00" kind:in_person location:"OGP Summit, Vitoria-Gasteiz"',
      );
      expect(out.ok).toBe(true);
      expect((await h.db.meeting.findFirstOrThrow({ where: { number: 2 } })).startsAt.toISOString()).toBe(
        '2027-09-10T00:00:00.000Z',
      );
      expect(await h.text('ana', '/meeting show M2')).toContain('Fri 10 Sep 2027, 02:00 GMT+2');
    },
  );

  it.skipIf(!available(provider))(
    'refuses a start in the past, a missing link, and a bad date, writing nothing',
    async () => {
      const before = await h.counts();
      const past = await h.run(
        'ana',
        '/meeting schedule title:"Too late" start:"2026-11-27 12:30" link:https://meet.example.org/x',
      );
      expect(past.reply.lines).toEqual([
        '• start: this time has passed (read in Europe/Paris); pick a time in the future',
      ]);
      const noLink = await h.run('ana', '/meeting schedule title:"No link" start:"2026-12-27 12:30"');
      expect(noLink.reply.lines).toEqual([
        '• link: a virtual or hybrid meeting needs a join link (link:https://…)',
      ]);
      const badDate = await h.run(
        'ana',
        '/meeting schedule title:"Bad" start:"2026-02-30 10:00" link:https://meet.example.org/x',
      );
      expect(badDate.reply.lines).toEqual(['• start: write the date and time as 2026-12-03 15:00']);
      const gap = await h.run(
        'ana',
        '/meeting schedule title:"DST gap" start:"2027-03-28 02:30" link:https://meet.example.org/x',
      );
      expect(gap.reply.lines).toEqual([
        '• start: this time does not exist in Europe/Paris (clocks change then); pick another',
      ]);
      expect(await h.counts()).toEqual(before);
    },
  );

  it.skipIf(!available(provider))(
    'takes RSVPs, counts observers apart, and changes an answer in place',
    async () => {
      expect((await h.run('ben', '/meeting rsvp M1 yes')).ok).toBe(true);
      expect((await h.run('obs', '/meeting rsvp M1 maybe')).ok).toBe(true);
      const changed = await h.run('ana', '/meeting rsvp id:m1 answer:MAYBE');
      const again = await h.run('ana', '/meeting', {
        sub: 'rsvp',
        input: { id: 'M1', answer: 'yes' },
        text: undefined,
      });
      expect(changed.ok && again.ok).toBe(true);
      // The card's own buttons refresh it in place; their counts are members' answers, like the card's.
      expect(again.reply.buttons?.filter((b) => b.refresh).map((b) => b.sub)).toEqual([
        'rsvp',
        'rsvp',
        'rsvp',
      ]);
      expect(again.reply.buttons?.map((b) => b.label)).toEqual([
        'Yes (2)',
        'Maybe (0)',
        'No (0)',
        'Add to calendar',
      ]);
      const fields = Object.fromEntries((again.reply.fields ?? []).map((f) => [f.label, f.value]));
      expect(fields.Answers).toBe('2 yes · 0 maybe · 0 no');
      expect(fields.Observers).toBe('0 yes · 1 maybe · 0 no');
      expect(await h.db.rsvp.count()).toBe(3);
      expect((await h.db.rsvp.findFirstOrThrow({ where: { person: { displayName: 'obs' } } })).observer).toBe(
        true,
      );
    },
  );

  it.skipIf(!available(provider))('writes an .ics with a stable UID in the organiser’s zone', async () => {
    const out = await h.run('ben', '/meeting ics M1');
    const ics = out.reply.attachments?.[0];
    expect(ics?.contentType).toBe('text/calendar');
    expect(ics?.content).toContain('UID:meeting-');
    expect(ics?.content).toContain('DTSTART;TZID=America/Bogota:20261203T150000');
    expect(ics?.content).toContain('BEGIN:VTIMEZONE');
  });

  it.skipIf(!available(provider))(
    'lets only the organiser or secretariat cancel; cancelled meetings keep history and refuse RSVPs',
    async () => {
      const before = await h.counts();
      const notMine = await h.run('ben', '/meeting cancel M1');
      expect(notMine.reply.lines).toEqual(['Only the organiser of M1 or the secretariat can cancel it.']);
      expect(await h.counts()).toEqual(before);
      const out = await h.run('ana', '/meeting cancel M1 reason:"Moved to January"');
      expect(out.ok).toBe(true);
      expect(out.reply.visibility).toBe('public');
      expect(out.reply.lines?.[0]).toBe(
        'Meeting M1 is cancelled; 3 people who planned to attend will be told.',
      );
      const m = await h.db.meeting.findFirstOrThrow({ where: { number: 1 } });
      expect(m.cancelledAt).not.toBeNull();
      expect(m.sequence).toBe(1);
      expect(await h.db.rsvp.count({ where: { meetingId: m.id } })).toBe(3);
      expect((await h.run('ben', '/meeting rsvp M1 no')).reply.lines).toEqual(['Meeting M1 was cancelled.']);
      expect((await h.run('ben', '/meeting ics M1')).reply.attachments?.[0]?.content).toContain(
        'STATUS:CANCELLED',
      );
      const list = await h.text('ben', '/meeting list');
      expect(list).not.toContain('M1 ·');
      expect(list).toContain('M2 · Annual meeting');
    },
  );

  it.skipIf(!available(provider))('refuses RSVPs after the meeting is over', async () => {
    await h.run(
      'ana',
      '/meeting schedule title:"Short call" start:"2026-11-28 10:00" duration:30 link:https://meet.example.org/s',
    );
    h.clock.advance(2 * 24 * 3600_000);
    expect((await h.run('ben', '/meeting rsvp M3 yes')).reply.lines).toEqual(['Meeting M3 is already over.']);
    expect(await h.text('ben', '/meeting list')).not.toContain('M3 ·');
    expect(await h.text('ben', '/meeting list past:yes')).toContain('M3 · Short call');
  });
});
