// iTIP (RFC 5546) over mail (RFC 6047): a calendar turned into the message one attendee gets, and
// an attendee's REPLY read back. The calendar comes from whichever builder made it (toIcs for one
// meeting; a series' master VEVENT with its RRULE and exceptions works the same), so invitations
// never build events of their own: every VEVENT in it gets the organiser, this attendee alone
// and the SEQUENCE of this attendee's copy.
import ICAL from 'ical.js';

export type ItipMethod = 'REQUEST' | 'CANCEL';
export type AttendeeStatus = 'ACCEPTED' | 'TENTATIVE' | 'DECLINED' | 'NEEDS-ACTION';

export interface ItipParty {
  address: string;
  name?: string;
}

/** A parsed calendar, reused for every attendee of one change (parsing once per change, not per person). */
export type CalendarTemplate = unknown[];

export const calendarTemplate = (ics: string): CalendarTemplate => ICAL.parse(ics) as CalendarTemplate;

// A parameter value may not hold a double quote or a control character (RFC 5545 3.1).
const paramText = (s: string) =>
  s
    .replace(/["\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);

const party = (name: 'organizer' | 'attendee', p: ItipParty) => {
  const prop = new ICAL.Property(name);
  prop.setValue(`mailto:${p.address}`);
  if (p.name && paramText(p.name)) prop.setParameter('cn', paramText(p.name));
  return prop;
};

/**
 * The invitation (REQUEST) or cancellation (CANCEL) one attendee gets: METHOD, ORGANIZER, that
 * attendee alone (RSVP=TRUE on a request, with the answer Docket knows), their SEQUENCE and a
 * DTSTAMP of now. VTIMEZONEs and everything else in the calendar pass through untouched.
 */
export function itipMessage(
  calendar: CalendarTemplate,
  o: {
    method: ItipMethod;
    organizer: ItipParty;
    attendee: ItipParty & { status: AttendeeStatus };
    sequence: number;
    stamp: Date;
  },
): string {
  const cal = new ICAL.Component(structuredClone(calendar));
  cal.updatePropertyWithValue('method', o.method);
  for (const event of cal.getAllSubcomponents('vevent')) {
    event.removeAllProperties('organizer');
    event.removeAllProperties('attendee');
    event.addProperty(party('organizer', o.organizer));
    const attendee = party('attendee', o.attendee);
    attendee.setParameter('role', 'REQ-PARTICIPANT');
    attendee.setParameter('partstat', o.attendee.status);
    if (o.method === 'REQUEST') attendee.setParameter('rsvp', 'TRUE');
    event.addProperty(attendee);
    event.updatePropertyWithValue('sequence', o.sequence);
    event.updatePropertyWithValue('dtstamp', ICAL.Time.fromJSDate(o.stamp, true));
    if (o.method === 'CANCEL') event.updatePropertyWithValue('status', 'CANCELLED');
  }
  return cal.toString();
}

/** What an attendee's calendar sent back, as far as Docket reads it. */
export interface CalendarAnswer {
  method: string;
  uid: string;
  /** An answer about one occurrence of a series. */
  recurrenceId: string | null;
  sequence: number;
  organizer: string | null;
  attendees: { address: string; status: string }[];
}

const mailto = (value: unknown): string | null => {
  const m = typeof value === 'string' ? /^mailto:(.+)$/i.exec(value.trim()) : null;
  return m ? m[1]!.trim().toLowerCase() : null;
};

/** Reads the first event of a calendar; null when it is not iCalendar or has no event with a UID. */
export function readCalendar(ics: string): CalendarAnswer | null {
  let cal: InstanceType<typeof ICAL.Component>;
  try {
    cal = new ICAL.Component(ICAL.parse(ics));
  } catch {
    return null;
  }
  if (cal.name !== 'vcalendar') return null;
  const event = cal.getFirstSubcomponent('vevent');
  const uid = event?.getFirstPropertyValue('uid');
  if (!event || typeof uid !== 'string' || !uid) return null;
  const recurrence = event.getFirstPropertyValue('recurrence-id');
  const sequence = Number(event.getFirstPropertyValue('sequence') ?? 0);
  return {
    method: String(cal.getFirstPropertyValue('method') ?? '').toUpperCase(),
    uid,
    recurrenceId: recurrence ? String(recurrence) : null,
    sequence: Number.isFinite(sequence) ? sequence : 0,
    organizer: mailto(event.getFirstPropertyValue('organizer')),
    attendees: event.getAllProperties('attendee').flatMap((p) => {
      const address = mailto(p.getFirstValue());
      const status = p.getParameter('partstat');
      return address ? [{ address, status: typeof status === 'string' ? status.toUpperCase() : '' }] : [];
    }),
  };
}
