// RFC 5545 calendar file for a meeting, in the organiser's zone with its VTIMEZONE, a UID stable
// across reschedules and a SEQUENCE bumped on every change, so calendars update rather than duplicate.
import { TZDate } from '@date-fns/tz';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { MeetingView } from '../services/meeting.service.ts';

const vtimezone = (zone: string): string | null => {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && block[0] ? block[0] : null;
};

export function toIcs(m: MeetingView, coalitionName: string): string {
  const calendar = ical({
    name: coalitionName,
    prodId: { company: 'OGP Justice Coalition', product: 'Docket', language: 'EN' },
  });
  calendar.method(m.cancelledAt ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH);
  calendar.timezone({ name: m.timezone, generator: vtimezone });
  calendar.createEvent({
    id: m.uid,
    sequence: m.sequence,
    // TZDate carries the zone, so the wall time written under TZID is the organiser's own.
    start: new TZDate(m.startsAt.getTime(), m.timezone),
    end: new TZDate(m.startsAt.getTime() + m.durationMinutes * 60_000, m.timezone),
    timezone: m.timezone,
    summary: `M${m.number} · ${m.title}`,
    description: [m.agenda, m.joinUrl].filter(Boolean).join('\n\n') || null,
    location: m.location ?? m.joinUrl ?? null,
    url: m.joinUrl ?? null,
    status: m.cancelledAt ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  // ical-generator writes DTSTAMP in the calendar's zone without a TZID once a zone is set; RFC 5545
  // (3.8.7.2) wants UTC, so the line is written here.
  const stamp = m.updatedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return calendar.toString().replace(/^DTSTAMP:.*$/m, `DTSTAMP:${stamp}`);
}
