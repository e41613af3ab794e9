// Calendar feeds: the coalition's (only while it publishes; no join links, no attendees) and each
// person's own (their meetings and answers, behind a secret token they can reset).
import { randomBytes } from 'node:crypto';
import { meetingUid, type SeriesCalendarSource } from '../core/ics.ts';
import type { ServiceDeps } from './context.ts';
import { seriesService } from './series.service.ts';
import { toCoalitionView, toReader, READER_SELECT } from './people.service.ts';
import type { Actor, CoalitionView, Reader, RsvpAnswerName } from './types.ts';

/** How far back a feed reaches: calendars keep what they already have. */
const FEED_PAST_DAYS = 365;

export interface FeedMeeting {
  uid: string;
  number: number;
  title: string;
  startsAt: Date;
  timezone: string;
  durationMinutes: number;
  joinUrl: string | null;
  location: string | null;
  agenda: string | null;
  cancelledAt: Date | null;
  sequence: number;
  updatedAt: Date;
  /** The person's answer (personal feed only). */
  answer?: RsvpAnswerName | null;
  waitlisted?: boolean;
}

export interface Feed {
  coalition: CoalitionView;
  meetings: FeedMeeting[];
  series: (SeriesCalendarSource & { answer?: RsvpAnswerName | null })[];
  /** The latest change in the feed, for Last-Modified. */
  lastModified: Date;
  /** Whose feed it is (personal feeds): their language and zone. */
  reader?: Reader;
}

const token = () => randomBytes(24).toString('base64url');

export function calendarService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  const series = seriesService(deps);
  const since = () => new Date(clock.now().getTime() - FEED_PAST_DAYS * 86_400_000);

  const feedMeeting = (m: {
    coalitionId: number;
    number: number;
    title: string;
    startsAt: Date;
    timezone: string;
    durationMinutes: number;
    joinUrl: string | null;
    location: string | null;
    agenda: string | null;
    cancelledAt: Date | null;
    sequence: number;
    updatedAt: Date;
  }): FeedMeeting => ({
    uid: meetingUid(m.coalitionId, m.number),
    number: m.number,
    title: m.title,
    startsAt: m.startsAt,
    timezone: m.timezone,
    durationMinutes: m.durationMinutes,
    joinUrl: m.joinUrl,
    location: m.location,
    agenda: m.agenda,
    cancelledAt: m.cancelledAt,
    sequence: m.sequence,
    updatedAt: m.updatedAt,
  });

  const latest = (dates: Date[], fallback: Date) =>
    new Date(Math.max(fallback.getTime(), ...dates.map((d) => d.getTime())));

  return {
    /** A person's feed address (a path only when DOCKET_PUBLIC_URL is unset). */
    feedUrl(secret: string): string {
      return `${(config.publicUrl ?? '').replace(/\/+$/, '')}/calendar/p/${secret}.ics`;
    },

    /** The coalition's feed address. */
    coalitionFeedUrl(slug: string): string {
      return `${(config.publicUrl ?? '').replace(/\/+$/, '')}/calendar/${slug}.ics`;
    },

    /** The person's feed token: made on first use, replaced on `reset` (the old URL stops working). */
    async token(actor: Actor, reset: boolean): Promise<string> {
      const person = await db.person.findUniqueOrThrow({ where: { id: actor.personId! } });
      if (person.calendarToken && !reset) return person.calendarToken;
      const fresh = token();
      await db.person.update({ where: { id: person.id }, data: { calendarToken: fresh } });
      return fresh;
    },

    /** The coalition's public feed; null when the coalition is unknown or does not publish. */
    async coalitionFeed(slug: string): Promise<Feed | null> {
      const c = await db.coalition.findUnique({ where: { slug } });
      if (!c || !c.publish) return null;
      const from = since();
      const oneOffs = await db.meeting.findMany({
        where: { coalitionId: c.id, seriesId: null, startsAt: { gte: from } },
        orderBy: { startsAt: 'asc' },
      });
      const seriesRows = await db.series.findMany({
        where: { coalitionId: c.id, OR: [{ cancelledAt: null }, { cancelledAt: { gte: from } }] },
        select: { id: true },
        orderBy: { id: 'asc' },
      });
      const sources: SeriesCalendarSource[] = [];
      for (const s of seriesRows) sources.push(await series.calendarSource(s.id));
      return {
        coalition: toCoalitionView(c),
        meetings: oneOffs.map(feedMeeting),
        series: sources,
        lastModified: latest(
          [...oneOffs.map((m) => m.updatedAt), ...sources.map((s) => s.updatedAt)],
          c.createdAt,
        ),
      };
    },

    /** A person's own feed (their meetings, with their answers); null for an unknown token. */
    async personalFeed(secret: string): Promise<Feed | null> {
      if (!/^[\w-]{16,64}$/.test(secret)) return null;
      const person = await db.person.findUnique({
        where: { calendarToken: secret },
        select: { ...READER_SELECT, erasedAt: true, coalitionId: true },
      });
      if (!person || person.erasedAt) return null;
      const c = await db.coalition.findUniqueOrThrow({ where: { id: person.coalitionId } });
      const from = since();
      const followed = await db.seriesRsvp.findMany({
        where: { personId: person.id, answer: { in: ['YES', 'MAYBE'] } },
        select: { seriesId: true, answer: true, updatedAt: true },
      });
      const inSeries = new Set(followed.map((f) => f.seriesId));
      const answered = await db.rsvp.findMany({
        where: {
          personId: person.id,
          answer: { in: ['YES', 'MAYBE'] },
          meeting: { startsAt: { gte: from } },
        },
        include: { meeting: true },
      });
      const organised = await db.meeting.findMany({
        where: { organizerId: person.id, startsAt: { gte: from } },
      });
      const meetings = new Map<number, FeedMeeting>();
      for (const r of answered) {
        if (r.meeting.seriesId !== null && inSeries.has(r.meeting.seriesId)) continue;
        meetings.set(r.meetingId, {
          ...feedMeeting(r.meeting),
          answer: r.answer as RsvpAnswerName,
          waitlisted: Boolean(r.waitlistedAt),
          updatedAt: latest([r.updatedAt], r.meeting.updatedAt),
        });
      }
      for (const m of organised)
        if (!meetings.has(m.id) && !(m.seriesId !== null && inSeries.has(m.seriesId)))
          meetings.set(m.id, feedMeeting(m));
      const sources: Feed['series'] = [];
      for (const f of followed)
        sources.push({ ...(await series.calendarSource(f.seriesId)), answer: f.answer as RsvpAnswerName });
      const list = [...meetings.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
      return {
        coalition: toCoalitionView(c),
        meetings: list,
        series: sources,
        reader: toReader(person),
        lastModified: latest(
          [
            ...list.map((m) => m.updatedAt),
            ...sources.map((s) => s.updatedAt),
            ...followed.map((f) => f.updatedAt),
          ],
          c.createdAt,
        ),
      };
    },
  };
}
