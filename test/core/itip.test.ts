// iTIP messages built on the same calendar as /meeting ics, read back with ical.js; replies read.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { toIcs } from '../../src/core/ics.ts';
import { calendarTemplate, itipMessage, readCalendar } from '../../src/core/itip.ts';
import type { MeetingView } from '../../src/services/index.ts';

const meeting: MeetingView = {
  id: 7,
  number: 3,
  title: 'Working group',
  kind: 'VIRTUAL',
  startsAt: new Date('2026-12-03T14:00:00Z'),
  timezone: 'Europe/Paris',
  durationMinutes: 90,
  joinUrl: 'https://meet.example.org/wg',
  location: null,
  agenda: 'Survey results',
  cancelledAt: null,
  uid: 'meeting-1-3@docket',
  organizer: 'Ana',
  organizerId: 1,
  sequence: 2,
  cancelReason: null,
  updatedAt: new Date('2026-11-27T12:00:00Z'),
  rsvps: { YES: 1, MAYBE: 0, NO: 0, observers: { YES: 0, MAYBE: 0, NO: 0 } },
  myAnswer: null,
};

const parse = (ics: string) => {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return { cal, events: cal.getAllSubcomponents('vevent') };
};

describe('itipMessage', () => {
  const template = calendarTemplate(toIcs(meeting, 'OGP Justice Coalition'));
  const organizer = { address: 'docket@example.org', name: 'OGP Justice Coalition' };

  it('turns the meeting’s calendar into one attendee’s REQUEST', () => {
    const ics = itipMessage(template, {
      method: 'REQUEST',
      organizer,
      attendee: { address: 'ana@example.org', name: 'Ana "the boss"\nMaría', status: 'TENTATIVE' },
      sequence: 5,
      stamp: new Date('2026-11-28T10:00:00Z'),
    });
    expect(ics).toMatch(/\r\n/);
    const { cal, events } = parse(ics);
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(cal.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
    const [event] = events;
    expect(event!.getFirstPropertyValue('uid')).toBe('meeting-1-3@docket');
    expect(event!.getFirstPropertyValue('sequence')).toBe(5);
    expect(String(event!.getFirstPropertyValue('dtstamp'))).toBe('2026-11-28T10:00:00Z');
    expect(event!.getFirstPropertyValue('organizer')).toBe('mailto:docket@example.org');
    const attendee = event!.getFirstProperty('attendee')!;
    expect(attendee.getFirstValue()).toBe('mailto:ana@example.org');
    expect(attendee.getParameter('cn')).toBe('Ana the boss María');
    expect(attendee.getParameter('partstat')).toBe('TENTATIVE');
    expect(attendee.getParameter('rsvp')).toBe('TRUE');
    expect(event!.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('cancels in the attendee’s calendar, on every event of a series alike', () => {
    // A series (master with RRULE and a moved occurrence) passes through the same way.
    const series = toIcs(meeting, 'OGP Justice Coalition')
      .replace('SEQUENCE:2', 'SEQUENCE:2\r\nRRULE:FREQ=MONTHLY;BYDAY=1TH;COUNT=3')
      .replace(
        'END:VCALENDAR',
        [
          'BEGIN:VEVENT',
          'UID:meeting-1-3@docket',
          'RECURRENCE-ID;TZID=Europe/Paris:20270107T150000',
          'DTSTAMP:20261127T120000Z',
          'DTSTART;TZID=Europe/Paris:20270108T150000',
          'DTEND;TZID=Europe/Paris:20270108T163000',
          'SUMMARY:Moved',
          'END:VEVENT',
          'END:VCALENDAR',
        ].join('\r\n'),
      );
    const ics = itipMessage(calendarTemplate(series), {
      method: 'CANCEL',
      organizer,
      attendee: { address: 'ana@example.org', status: 'ACCEPTED' },
      sequence: 6,
      stamp: new Date('2026-11-28T10:00:00Z'),
    });
    const { cal, events } = parse(ics);
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(events).toHaveLength(2);
    expect(String(events[0]!.getFirstPropertyValue('rrule'))).toBe('FREQ=MONTHLY;COUNT=3;BYDAY=1TH');
    for (const event of events) {
      expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(event.getFirstPropertyValue('sequence')).toBe(6);
      expect(event.getAllProperties('attendee').map((p) => p.getFirstValue())).toEqual([
        'mailto:ana@example.org',
      ]);
      expect(event.getFirstProperty('attendee')!.getParameter('rsvp')).toBeUndefined();
    }
  });
});

describe('readCalendar', () => {
  it('reads a REPLY’s UID, organiser and attendee answers, lower-casing addresses', () => {
    const reply = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//EN',
      'METHOD:REPLY',
      'BEGIN:VEVENT',
      'UID:meeting-1-3@docket',
      'DTSTAMP:20261128T100000Z',
      'SEQUENCE:5',
      'ORGANIZER:MAILTO:Docket@Example.org',
      'ATTENDEE;PARTSTAT=declined:mailto:Ana@Example.org',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(readCalendar(reply)).toEqual({
      method: 'REPLY',
      uid: 'meeting-1-3@docket',
      recurrenceId: null,
      sequence: 5,
      organizer: 'docket@example.org',
      attendees: [{ address: 'ana@example.org', status: 'DECLINED' }],
    });
  });

  it('gives null for what is not a calendar with an event', () => {
    expect(readCalendar('hello')).toBeNull();
    expect(readCalendar('BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n')).toBeNull();
    expect(readCalendar('BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nEND:VCALENDAR\r\n')).toBeNull();
  });
});
