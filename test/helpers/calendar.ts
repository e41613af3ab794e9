// Reads calendar files the way a calendar app does: parsed by ical.js, series expanded with their
// exceptions (RECURRENCE-ID overrides, EXDATE, RDATE), times read in the zone they were written in.
import ICAL from 'ical.js';

export interface Instance {
  uid: string;
  summary: string;
  /** The instant it starts. */
  start: Date;
  /** Its wall time where it was written (`2027-03-09 15:00`) and that zone. */
  local: string;
  zone: string;
  status: string | null;
  sequence: number;
  /** The start the series gave it, for an occurrence of a series. */
  recurrenceId: Date | null;
  description: string | null;
  url: string | null;
  location: string | null;
}

export function parseCalendar(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return root;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Every instance in [from, to): one-off events as they are, series expanded with their overrides. */
export function expand(text: string, from: Date, to: Date): Instance[] {
  const root = parseCalendar(text);
  const vevents = root.getAllSubcomponents('vevent');
  const masters = new Map<string, ICAL.Event>();
  const overrides: ICAL.Component[] = [];
  for (const v of vevents) {
    if (v.hasProperty('recurrence-id')) overrides.push(v);
    else masters.set(String(v.getFirstPropertyValue('uid')), new ICAL.Event(v));
  }
  for (const o of overrides) {
    const master = masters.get(String(o.getFirstPropertyValue('uid')));
    if (!master) throw new Error('an override without its series');
    master.relateException(new ICAL.Event(o));
  }
  const out: Instance[] = [];
  const describe = (e: ICAL.Event, start: ICAL.Time, recurrenceId: ICAL.Time | null): Instance => ({
    uid: e.uid,
    summary: e.summary,
    start: start.toJSDate(),
    local: `${start.year}-${pad(start.month)}-${pad(start.day)} ${pad(start.hour)}:${pad(start.minute)}`,
    zone: start.zone?.tzid ?? 'floating',
    status: (e.component.getFirstPropertyValue('status') as string | null) ?? null,
    sequence: Number(e.component.getFirstPropertyValue('sequence') ?? 0),
    recurrenceId: recurrenceId ? recurrenceId.toJSDate() : null,
    description: (e.component.getFirstPropertyValue('description') as string | null) ?? null,
    url: (e.component.getFirstPropertyValue('url') as string | null) ?? null,
    location: (e.component.getFirstPropertyValue('location') as string | null) ?? null,
  });
  for (const e of masters.values()) {
    if (!e.isRecurring()) {
      if (e.startDate.toJSDate() >= from && e.startDate.toJSDate() < to)
        out.push(describe(e, e.startDate, null));
      continue;
    }
    const it = e.iterator();
    for (let next = it.next(); next; next = it.next()) {
      const at = next.toJSDate();
      if (at >= to) break;
      const details = e.getOccurrenceDetails(next);
      if (details.startDate.toJSDate() < from) continue;
      out.push(describe(details.item, details.startDate, details.recurrenceId));
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}
