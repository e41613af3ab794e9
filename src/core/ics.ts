// RFC 5545 calendar files: one meeting, a series (one VEVENT with RRULE/RDATE/EXDATE and an override
// per changed occurrence, by RECURRENCE-ID), and feeds of many (RFC 7986 NAME, DESCRIPTION,
// REFRESH-INTERVAL). Times are written in the organiser's zone with its VTIMEZONE, so a 15:00 Paris
// call stays 15:00 Paris across daylight-saving changes; UIDs are stable and SEQUENCE grows with
// every change, so calendars update rather than duplicate.
//
// The builders are plain functions over plain shapes: mail invitations (iTIP REQUEST/CANCEL) and
// the HTTP feeds build on the same events.
import { TZDate } from '@date-fns/tz';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { MeetingView } from '../services/meeting.service.ts';
import { localStamp, occurrences, utcStamp } from './recurrence.ts';
import { Ref } from './refs.ts';

const vtimezone = (zone: string): string | null => {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && block[0] ? block[0] : null;
};

/** A meeting's calendar identity: the same in every file, feed and mail, whatever changes. */
export const meetingUid = (coalitionId: number, number: number) => `meeting-${coalitionId}-${number}@docket`;
/** A series' calendar identity: its occurrences are its instances (RECURRENCE-ID). */
export const seriesUid = (coalitionId: number, number: number) => `series-${coalitionId}-${number}@docket`;

/** One VEVENT, neutral. */
export interface CalendarEvent {
  uid: string;
  sequence: number;
  start: Date;
  durationMinutes: number;
  /** The zone its times are written in (TZID). */
  timezone: string;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  cancelled: boolean;
  /** DTSTAMP: when this version was made (written in UTC). */
  stamp: Date;
  /** A series' master: its rule, extra instances (RDATE) and removed ones (EXDATE). */
  recurrence?: { rule: string; rdates: Date[]; exdates: Date[] };
  /** An override of one instance of a series, named by the start the rule gave it. */
  recurrenceId?: Date;
}

/** What a meeting's event shows: join links and agendas only where the reader may see them. */
export interface EventDetail {
  /** Join links (never in a public feed). */
  links: boolean;
  /** A line added to the description (a person's own answer in their feed). */
  note?: string | null;
}

type MeetingLike = Pick<
  MeetingView,
  | 'number'
  | 'title'
  | 'startsAt'
  | 'timezone'
  | 'durationMinutes'
  | 'joinUrl'
  | 'location'
  | 'agenda'
  | 'cancelledAt'
  | 'sequence'
  | 'updatedAt'
  | 'uid'
>;

const describe = (
  agenda: string | null | undefined,
  joinUrl: string | null | undefined,
  d: EventDetail,
): string | null => [d.note, agenda, d.links ? joinUrl : null].filter(Boolean).join('\n\n') || null;

/** A one-off meeting (or an occurrence on its own) as one event. */
export function meetingCalendarEvent(m: MeetingLike, d: EventDetail = { links: true }): CalendarEvent {
  return {
    uid: m.uid,
    sequence: m.sequence,
    start: m.startsAt,
    durationMinutes: m.durationMinutes,
    timezone: m.timezone,
    summary: `${Ref.meeting(m.number)} · ${m.title}`,
    description: describe(m.agenda, m.joinUrl, d),
    location: m.location ?? (d.links ? m.joinUrl : null) ?? null,
    url: d.links ? m.joinUrl : null,
    cancelled: Boolean(m.cancelledAt),
    stamp: m.updatedAt,
  };
}

/** A series and the occurrences that exist as meetings, as a calendar sees them. */
export interface SeriesCalendarSource {
  uid: string;
  number: number;
  title: string;
  timezone: string;
  durationMinutes: number;
  joinUrl: string | null;
  location: string | null;
  agenda: string | null;
  rule: string;
  /** DTSTART of the current rule. */
  startsAt: Date;
  /** Grows with every change to the series or one of its occurrences. */
  sequence: number;
  cancelledAt: Date | null;
  updatedAt: Date;
  occurrences: (Omit<MeetingLike, 'uid' | 'sequence'> & { occurrenceOf: Date })[];
}

/**
 * A series as events: the master (RRULE from its current start; RDATE for occurrences an earlier
 * rule made; EXDATE for instances with no meeting) and one override per occurrence that differs from
 * the rule (moved, longer, skipped: STATUS:CANCELLED), all under the series' UID and SEQUENCE.
 */
export function seriesCalendarEvents(
  s: SeriesCalendarSource,
  d: EventDetail = { links: true },
): CalendarEvent[] {
  const zone = s.timezone;
  const last = Math.max(s.startsAt.getTime(), ...s.occurrences.map((o) => o.occurrenceOf.getTime()));
  const generated = new Set(
    occurrences({ rule: s.rule, startsAt: s.startsAt, timezone: zone }, s.startsAt, new Date(last + 1)).map(
      (x) => x.getTime(),
    ),
  );
  const known = new Set(s.occurrences.map((o) => o.occurrenceOf.getTime()));
  const rdates: Date[] = [];
  const overrides: CalendarEvent[] = [];
  for (const o of s.occurrences) {
    const inRule = generated.has(o.occurrenceOf.getTime());
    // An occurrence an earlier rule made: kept as an extra instance, unless it was called off.
    if (!inRule) {
      if (o.cancelledAt) continue;
      rdates.push(o.occurrenceOf);
    }
    const differs =
      Boolean(o.cancelledAt) ||
      o.startsAt.getTime() !== o.occurrenceOf.getTime() ||
      o.durationMinutes !== s.durationMinutes ||
      o.title !== s.title;
    if (!differs) continue;
    overrides.push({
      uid: s.uid,
      sequence: s.sequence,
      start: o.startsAt,
      durationMinutes: o.durationMinutes,
      timezone: zone,
      summary: `${Ref.meeting(o.number)} · ${o.title}`,
      description: describe(o.agenda, o.joinUrl, d),
      location: o.location ?? (d.links ? o.joinUrl : null) ?? null,
      url: d.links ? o.joinUrl : null,
      cancelled: Boolean(o.cancelledAt),
      stamp: s.updatedAt,
      recurrenceId: o.occurrenceOf,
    });
  }
  const exdates = [...generated].filter((t) => !known.has(t)).map((t) => new Date(t));
  const master: CalendarEvent = {
    uid: s.uid,
    sequence: s.sequence,
    start: s.startsAt,
    durationMinutes: s.durationMinutes,
    timezone: zone,
    summary: `${Ref.series(s.number)} · ${s.title}`,
    description: describe(s.agenda, s.joinUrl, d),
    location: s.location ?? (d.links ? s.joinUrl : null) ?? null,
    url: d.links ? s.joinUrl : null,
    // A series called off before any occurrence was held is cancelled as a whole.
    cancelled: Boolean(s.cancelledAt) && generated.size === 0 && rdates.length === 0,
    stamp: s.updatedAt,
    recurrence: { rule: s.rule, rdates, exdates },
  };
  return [master, ...overrides];
}

export interface CalendarFile {
  name: string;
  /** RFC 7986 DESCRIPTION of the calendar. */
  description?: string;
  /** A feed's suggested polling interval (RFC 7986 REFRESH-INTERVAL). */
  refreshMinutes?: number;
  /** The zone named as the calendar's own (VTIMEZONEs are written for every zone used). */
  timezone: string;
  /** CANCEL for a file that withdraws what it holds (a cancelled meeting sent on its own). */
  method?: 'PUBLISH' | 'CANCEL' | 'REQUEST';
  events: CalendarEvent[];
}

const tzLine = (name: string, zone: string, at: Date) => `${name};TZID=${zone}:${localStamp(at, zone)}`;

/** Writes a calendar (RFC 5545, RFC 7986 names), one VTIMEZONE per zone used. */
export function calendarFile(f: CalendarFile): string {
  const calendar = ical({
    name: f.name,
    prodId: { company: 'OGP Justice Coalition', product: 'Docket', language: 'EN' },
    ...(f.refreshMinutes ? { ttl: f.refreshMinutes * 60 } : {}),
  });
  calendar.method(
    f.method === 'CANCEL'
      ? ICalCalendarMethod.CANCEL
      : f.method === 'REQUEST'
        ? ICalCalendarMethod.REQUEST
        : ICalCalendarMethod.PUBLISH,
  );
  calendar.timezone({ name: f.timezone, generator: vtimezone });
  for (const e of f.events) {
    const zone = e.timezone;
    const rec = e.recurrence;
    const repeating = rec
      ? [
          `RRULE:${rec.rule}`,
          ...rec.rdates.map((d) => tzLine('RDATE', zone, d)),
          ...rec.exdates.map((d) => tzLine('EXDATE', zone, d)),
        ].join('\n')
      : null;
    calendar.createEvent({
      id: e.uid,
      sequence: e.sequence,
      // TZDate carries the zone, so the wall time written under TZID is the organiser's own.
      start: new TZDate(e.start.getTime(), zone),
      end: new TZDate(e.start.getTime() + e.durationMinutes * 60_000, zone),
      timezone: zone,
      summary: e.summary,
      description: e.description ?? null,
      location: e.location ?? null,
      url: e.url ?? null,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      ...(repeating ? { repeating } : {}),
      ...(e.recurrenceId ? { recurrenceId: new TZDate(e.recurrenceId.getTime(), zone) } : {}),
    });
  }
  let i = 0;
  let text = calendar
    .toString()
    // ical-generator writes DTSTAMP in the calendar's zone without a TZID once a zone is set;
    // RFC 5545 (3.8.7.2) wants UTC.
    .replace(/^DTSTAMP:.*$/gm, () => `DTSTAMP:${utcStamp(f.events[i++]!.stamp)}`);
  if (f.description) {
    const escaped = f.description.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,');
    text = text.replace(/^NAME:.*\r\n/m, (line) => `${line}DESCRIPTION:${escaped}\r\n`);
  }
  return text;
}

/** One meeting's .ics (a cancelled one is sent as a cancellation). */
export function toIcs(m: MeetingView, coalitionName: string): string {
  return calendarFile({
    name: coalitionName,
    timezone: m.timezone,
    method: m.cancelledAt ? 'CANCEL' : 'PUBLISH',
    events: [meetingCalendarEvent(m)],
  });
}

/** A series' .ics: the rule, its exceptions and overrides, for mail invitations and downloads. */
export function seriesIcs(
  s: SeriesCalendarSource,
  coalitionName: string,
  o: { method?: CalendarFile['method'] } = {},
): string {
  return calendarFile({
    name: coalitionName,
    timezone: s.timezone,
    method: o.method ?? 'PUBLISH',
    events: seriesCalendarEvents(s),
  });
}
