// Series as a new user meets them: a monthly call in Paris across both daylight-saving changes,
// answers for the whole series, a skipped occurrence seen cancelled by a calendar parser in the
// coalition's feed, one occurrence moved, the rule changed from a date on, the series cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarRoutes } from '../../src/http/calendar.routes.ts';
import { createHttpServer, listen, type HttpServer } from '../../src/http/server.ts';
import { extendSeries } from '../../src/jobs/series.job.ts';
import { expand, parseCalendar } from '../helpers/calendar.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';
import { MemoryPlatform } from '../helpers/memory-platform.ts';

const YEAR = [new Date('2027-01-01T00:00:00Z'), new Date('2028-03-01T00:00:00Z')] as const;

describe.each(PROVIDERS)('meeting series on %s', (provider) => {
  let h: Harness;
  let platform: MemoryPlatform;
  let server: HttpServer;
  let base = '';
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
  const meetings = () => h.db.meeting.findMany({ orderBy: { number: 'asc' } });
  const outbox = (kind: string) =>
    h.db.outboxMessage
      .findMany({ where: { kind }, orderBy: { id: 'asc' } })
      .then((rows) => rows.map((r) => ({ ...r, target: JSON.parse(r.target) as { personId?: number } })));
  const personId = async (name: string) =>
    (await h.db.person.findFirstOrThrow({ where: { displayName: name } })).id;

  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider); // coalition zone Europe/Paris
    h.clock.current = new Date('2027-02-01T09:00:00Z');
    await joined(h, 'ana', 'Ministerio de Justicia', 'government');
    await joined(h, 'ben', 'Namati', 'civil_society');
    await joined(h, 'carl', 'Namati', 'civil_society');
    await joined(h, 'dan', 'Namati', 'civil_society');
    await joined(h, 'obs', 'Watchers', 'civil_society', 'observer');
    await h.run('sec', '/member join organization:"Secretariat" type:multilateral');
    platform = new MemoryPlatform('CONSOLE', { events: true });
    h.attach(platform);
    server = createHttpServer({
      ready: async () => undefined,
      log: h.docket.log,
      routes: [calendarRoutes({ services: h.services, log: h.docket.log })],
    });
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  });
  afterAll(async () => {
    server?.close();
    await h?.close();
  });

  it.skipIf(!available(provider))(
    'schedules a monthly Paris call that stays at 15:00 Paris across the March and October changes',
    async () => {
      const out = await h.run(
        'ana',
        '/meeting schedule title:"Working group" start:"2027-02-09 15:00" timezone:Europe/Paris repeat:monthly count:12 link:https://meet.example.org/wg',
      );
      expect(out.ok).toBe(true);
      expect(out.reply.title).toBe('S1 · Working group');
      // Occurrences exist 90 days ahead: Feb, Mar, Apr (the second Tuesday).
      expect(out.reply.lines?.[0]).toMatch(/^Series S1 scheduled; its first 3 occurrences are M1, M2, M3…/);
      const fields = Object.fromEntries((out.reply.fields ?? []).map((f) => [f.label, f.value]));
      expect(fields.Repeats).toBe(
        'Every month on the second Tuesday at 15:00 (Europe/Paris) until 2028-01-11',
      );
      expect((await meetings()).map((m) => [m.number, m.startsAt.toISOString()])).toEqual([
        [1, '2027-02-09T14:00:00.000Z'],
        [2, '2027-03-09T14:00:00.000Z'], // before the change on 28 March: UTC+1
        [3, '2027-04-13T13:00:00.000Z'], // after it: UTC+2, still 15:00 in Paris
      ]);
      // Each occurrence is mirrored as its own platform event.
      await h.docket.courier.idle();
      await h.docket.courier.deliver();
      expect(platform.mirrors.map((m) => m.event.title)).toEqual([
        'M1 · Working group',
        'M2 · Working group',
        'M3 · Working group',
      ]);
      // A one-off meeting takes the next number: numbers are given as meetings are created.
      await h.run(
        'ana',
        '/meeting schedule title:"Thematic call" start:"2027-02-15 11:00" link:https://meet.example.org/t',
      );
      // The daily job rolls the horizon on: by September, occurrences to the end of November.
      h.clock.current = new Date('2027-09-01T09:00:00Z');
      expect(await extendSeries(h.jobs())).toBe(7);
      h.clock.current = new Date('2027-02-01T09:00:00Z');
      const all = await meetings();
      expect(all.filter((m) => m.seriesId !== null).map((m) => [m.number, m.startsAt.toISOString()])).toEqual(
        [
          [1, '2027-02-09T14:00:00.000Z'],
          [2, '2027-03-09T14:00:00.000Z'],
          [3, '2027-04-13T13:00:00.000Z'],
          [5, '2027-05-11T13:00:00.000Z'],
          [6, '2027-06-08T13:00:00.000Z'],
          [7, '2027-07-13T13:00:00.000Z'],
          [8, '2027-08-10T13:00:00.000Z'],
          [9, '2027-09-14T13:00:00.000Z'],
          [10, '2027-10-12T13:00:00.000Z'], // before the change on 31 October: UTC+2
          [11, '2027-11-09T14:00:00.000Z'], // after it: UTC+1, still 15:00 in Paris
        ],
      );
      // The series' own calendar file, expanded by a calendar parser: twelve calls at 15:00 Paris.
      const ics = (await h.run('ben', '/meeting ics S1')).reply.attachments?.[0]?.content ?? '';
      expect(ics).toContain('DTSTART;TZID=Europe/Paris:20270209T150000');
      expect(ics).toMatch(/RRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20280111T225959Z/);
      const instances = expand(ics, ...YEAR);
      expect(instances).toHaveLength(12);
      expect(new Set(instances.map((i) => i.local.slice(11)))).toEqual(new Set(['15:00']));
      expect(new Set(instances.map((i) => i.zone))).toEqual(new Set(['Europe/Paris']));
      expect(instances.find((i) => i.local.startsWith('2027-10-12'))?.start.toISOString()).toBe(
        '2027-10-12T13:00:00.000Z',
      );
      expect(instances.find((i) => i.local.startsWith('2027-11-09'))?.start.toISOString()).toBe(
        '2027-11-09T14:00:00.000Z',
      );
    },
  );

  it.skipIf(!available(provider))(
    'answers a whole series, also for occurrences created later, unless one was answered on its own',
    async () => {
      expect((await h.run('dan', '/meeting rsvp M5 no')).ok).toBe(true);
      const out = await h.run('ben', '/meeting rsvp S1 yes');
      expect(out.ok).toBe(true);
      expect(out.reply.footer).toContain('applied to 10 upcoming occurrences');
      expect((await h.run('obs', '/meeting rsvp S1 maybe')).ok).toBe(true);
      expect((await h.run('carl', '/meeting rsvp S1 no')).ok).toBe(true);
      expect((await h.run('dan', '/meeting rsvp S1 yes')).ok).toBe(true);
      const answer = async (who: string, number: number) =>
        (
          await h.db.rsvp.findFirst({
            where: { person: { displayName: who }, meeting: { number } },
          })
        )?.answer ?? null;
      expect(await answer('ben', 11)).toBe('YES');
      expect(await answer('dan', 5)).toBe('NO'); // answered on its own: kept
      expect(await answer('dan', 6)).toBe('YES');
      expect(await answer('ben', 4)).toBe(null); // the one-off is not part of the series
      // An occurrence created after the answer takes it too (December, made by the job).
      h.clock.current = new Date('2027-10-01T09:00:00Z');
      expect(await extendSeries(h.jobs())).toBe(1);
      h.clock.current = new Date('2027-02-01T09:00:00Z');
      expect(await answer('ben', 12)).toBe('YES');
      expect(await answer('obs', 12)).toBe('MAYBE');
      expect((await h.db.rsvp.findFirstOrThrow({ where: { person: { displayName: 'obs' } } })).observer).toBe(
        true,
      );
    },
  );

  it.skipIf(!available(provider))(
    'skips one occurrence: those who said yes or maybe are told, and the feed shows it cancelled',
    async () => {
      // The coalition's feed exists only while the coalition publishes.
      expect((await get('/calendar/justice.ics')).status).toBe(404);
      expect((await h.run('sec', '/coalition settings publish:on')).ok).toBe(true);
      const before = (await get('/calendar/justice.ics')).headers.get('etag');

      const out = await h.run('ana', '/meeting skip M2 reason:"Summit week"');
      expect(out.ok).toBe(true);
      expect(out.reply.lines?.[0]).toBe(
        'M2 is skipped; the rest of S1 goes on. 3 people who planned to attend will be told.',
      );
      const told = await outbox('meeting.skipped');
      expect(told.map((m) => m.target.personId).sort()).toEqual(
        [await personId('ben'), await personId('dan'), await personId('obs')].sort(),
      );
      expect(told.map((m) => m.target.personId)).not.toContain(await personId('carl'));
      // A one-off meeting cannot be skipped; the others of the series are untouched.
      expect((await h.run('ana', '/meeting skip M4')).reply.lines).toEqual([
        'M4 is not part of a series: use /meeting cancel M4.',
      ]);

      const res = await get('/calendar/justice.ics');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(res.headers.get('etag')).not.toBe(before);
      const feed = await res.text();
      // RFC 7986 names; no join links and no attendees in the public feed.
      expect(feed).toContain('NAME:OGP Justice Coalition');
      expect(feed).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
      expect(feed).not.toContain('meet.example.org');
      expect(feed).not.toContain('ATTENDEE');
      const instances = expand(feed, ...YEAR).filter((i) => i.uid.startsWith('series-'));
      expect(instances.map((i) => [i.local, i.status])).toEqual([
        ['2027-02-09 15:00', 'CONFIRMED'],
        ['2027-03-09 15:00', 'CANCELLED'],
        ...[
          '2027-04-13',
          '2027-05-11',
          '2027-06-08',
          '2027-07-13',
          '2027-08-10',
          '2027-09-14',
          '2027-10-12',
          '2027-11-09',
          '2027-12-14',
          '2028-01-11',
        ].map((d) => [`${d} 15:00`, 'CONFIRMED']),
      ]);
      const skipped = instances[1]!;
      expect(skipped.recurrenceId?.toISOString()).toBe('2027-03-09T14:00:00.000Z');
      // The one-off meeting is in the feed as itself.
      expect(expand(feed, ...YEAR).find((i) => i.summary === 'M4 · Thematic call')?.status).toBe('CONFIRMED');
      // A client that has it gets 304.
      const etag = res.headers.get('etag')!;
      expect((await get('/calendar/justice.ics', { 'if-none-match': etag })).status).toBe(304);
      // The skipped occurrence's platform event is cancelled too.
      await h.docket.courier.idle();
      await h.docket.courier.deliver();
      expect(
        platform.mirrors.filter((m) => m.event.title === 'M2 · Working group').at(-1)?.event.cancelled,
      ).toBe(true);
    },
  );

  it.skipIf(!available(provider))(
    'gives each person a private feed of their own meetings and answers, and resets it',
    async () => {
      const out = await h.run('ben', '/meeting calendar');
      const line = out.reply.lines?.[1];
      const path = typeof line === 'string' ? line : '';
      expect(path).toMatch(/^\/calendar\/p\/[\w-]{20,}\.ics$/);
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
      const feed = await res.text();
      parseCalendar(feed);
      expect(feed).toContain('https://meet.example.org/wg'); // their own feed has the join link
      const mine = expand(feed, ...YEAR);
      // Every call of the series they answered (January 2028 included), less the skipped one.
      expect(mine.filter((i) => i.status === 'CONFIRMED')).toHaveLength(11);
      expect(mine[0]?.description).toContain('Your answer: Yes');
      // Asking again gives the same address; a reset makes the old one stop working.
      expect((await h.run('ben', '/meeting calendar')).reply.lines?.[1]).toBe(path);
      const reset = await h.run('ben', '/meeting calendar reset:yes');
      expect(reset.reply.lines?.[1]).not.toBe(path);
      expect((await get(path)).status).toBe(404);
    },
  );

  it.skipIf(!available(provider))(
    'moves one occurrence on its own, then the rule from a date on: ids and answers stay where days survive',
    async () => {
      const sequence = async () => (await h.db.series.findFirstOrThrow()).sequence;
      const s0 = await sequence();
      const one = await h.run('ana', '/meeting reschedule M3 start:"2027-04-14 10:00"');
      expect(one.ok).toBe(true);
      expect(await sequence()).toBeGreaterThan(s0);
      let ics = (await h.run('ana', '/meeting ics S1')).reply.attachments?.[0]?.content ?? '';
      let instances = expand(ics, ...YEAR);
      const moved = instances.find((i) => i.summary === 'M3 · Working group')!;
      expect(moved.local).toBe('2027-04-14 10:00');
      expect(moved.recurrenceId?.toISOString()).toBe('2027-04-13T13:00:00.000Z');

      // From May on, the call is at 16:00: the same days, the same M ids, the same answers.
      h.clock.current = new Date('2027-02-20T09:00:00Z');
      const ids = (await meetings()).map((m) => m.id);
      const s1 = await sequence();
      const out = await h.run('ana', '/meeting reschedule S1 start:"2027-05-11 16:00"');
      expect(out.ok).toBe(true);
      expect(out.reply.lines?.[0]).toMatch(
        /^Series S1 changed from now on: 8 occurrences moved, 0 cancelled, 0 added/,
      );
      expect(await sequence()).toBeGreaterThan(s1);
      const after = await meetings();
      expect(after.map((m) => m.id)).toEqual(ids);
      const at = (n: number) => after.find((m) => m.number === n)!;
      expect(at(1).startsAt.toISOString()).toBe('2027-02-09T14:00:00.000Z'); // past: untouched
      expect(at(2).cancelledAt).not.toBeNull(); // skipped: stays skipped
      expect(at(3).startsAt.toISOString()).toBe('2027-04-14T08:00:00.000Z'); // moved alone: stays
      expect(at(5).startsAt.toISOString()).toBe('2027-05-11T14:00:00.000Z'); // 16:00 Paris now
      expect(at(11).startsAt.toISOString()).toBe('2027-11-09T15:00:00.000Z');
      expect(
        (
          await h.db.rsvp.findFirstOrThrow({
            where: { person: { displayName: 'ben' }, meetingId: at(11).id },
          })
        ).answer,
      ).toBe('YES');
      // One notice per person about the series, not one per occurrence.
      expect((await outbox('series.changed')).length).toBe(3);
      ics = (await h.run('ana', '/meeting ics S1')).reply.attachments?.[0]?.content ?? '';
      instances = expand(ics, ...YEAR);
      expect(instances.map((i) => i.local)).toEqual([
        '2027-02-09 15:00',
        '2027-04-14 10:00',
        ...['05-11', '06-08', '07-13', '08-10', '09-14', '10-12', '11-09', '12-14'].map(
          (d) => `2027-${d} 16:00`,
        ),
        '2028-01-11 16:00',
      ]);
      expect(new Set(instances.map((i) => i.sequence))).toEqual(new Set([await sequence()]));
    },
  );

  it.skipIf(!available(provider))(
    'cancels the series from now on, telling those who planned to come',
    async () => {
      const out = await h.run('ana', '/meeting cancel S1');
      expect(out.ok).toBe(true);
      expect(out.reply.lines?.[0]).toMatch(
        /^Series S1 is cancelled from now on \(9 occurrences called off\)/,
      );
      expect((await outbox('series.cancelled')).length).toBe(3);
      expect(await h.db.meeting.count({ where: { seriesId: { not: null }, cancelledAt: null } })).toBe(1);
      expect((await h.run('ben', '/meeting rsvp S1 yes')).reply.lines).toEqual(['Series S1 was cancelled.']);
      const ics = (await h.run('ana', '/meeting ics S1')).reply.attachments?.[0]?.content ?? '';
      expect(expand(ics, ...YEAR).map((i) => i.local)).toEqual(['2027-02-09 15:00']);
    },
  );
});
