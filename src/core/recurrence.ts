// Recurrence rules (RFC 5545 RRULE) expanded in the organiser's zone by rrule-temporal, so a monthly
// 15:00 Paris call stays at 15:00 Paris across daylight-saving changes. Built and read here only.
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';

/** How a series was asked for: a preset (re-derived from a new start on a rule change) or a typed RRULE. */
export type RepeatPattern = 'WEEKLY' | 'BIWEEKLY' | 'MONTHLY' | 'RRULE';

export interface SeriesRule {
  /** The RRULE value without `RRULE:` and without COUNT (stored as the UNTIL it amounts to). */
  rule: string;
  /** DTSTART: the first occurrence. */
  startsAt: Date;
  timezone: string;
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** Rules that would flood a calendar (and the reminders) are refused. */
const ALLOWED_FREQ = new Set(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);

const zoned = (at: Date, zone: string) =>
  Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(zone);

/** `20270401T215959Z`: UNTIL and EXDATE in UTC. */
export const utcStamp = (at: Date): string =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** `20270112T150000`: a wall time in the series' zone, as DTSTART;TZID=… writes it. */
export function localStamp(at: Date, zone: string): string {
  const z = zoned(at, zone);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(z.year, 4)}${p(z.month)}${p(z.day)}T${p(z.hour)}${p(z.minute)}${p(z.second)}`;
}

/** The local calendar day of an instant in a zone (`2027-03-09`): occurrences are matched by it. */
export function localDay(at: Date, zone: string): string {
  return zoned(at, zone).toPlainDate().toString();
}

/** The instant a local day ends (the next day's 00:00) in a zone. */
export function endOfLocalDay(day: string, zone: string): Date {
  const next = Temporal.PlainDate.from(day).add({ days: 1 });
  return new Date(next.toZonedDateTime({ timeZone: zone }).epochMilliseconds);
}

/** A local wall time on a day in a zone (earlier reading when repeated; shifted forward in a gap). */
export function atLocal(day: string, hour: number, minute: number, zone: string): Date {
  const d = Temporal.PlainDate.from(day);
  return new Date(d.toZonedDateTime({ timeZone: zone, plainTime: { hour, minute } }).epochMilliseconds);
}

/** The weekday position of a start in its month (`2TU`; the fifth is "last", `-1TU`). */
function monthlyByDay(start: Date, zone: string): string {
  const z = zoned(start, zone);
  const position = Math.ceil(z.day / 7);
  return `${position >= 5 ? -1 : position}${WEEKDAYS[z.dayOfWeek - 1]}`;
}

function parts(rule: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of rule.split(';')) {
    const [k, v] = part.split('=');
    if (k && v !== undefined) map.set(k.trim().toUpperCase(), v.trim().toUpperCase());
  }
  return map;
}

const join = (map: Map<string, string>) => [...map].map(([k, v]) => `${k}=${v}`).join(';');

function engine(r: SeriesRule): RRuleTemporal {
  return new RRuleTemporal({ rruleString: r.rule, dtstart: zoned(r.startsAt, r.timezone) });
}

export type RuleProblem = 'bad_rule' | 'frequency' | 'empty';

/**
 * The rule for a preset or a typed RRULE from a first start, with `until` (an instant) or `count`:
 * COUNT is expanded once and stored as its UNTIL, so a later change from a date on keeps its end.
 * The series starts at the rule's first occurrence at or after `start`.
 */
export function buildRule(
  repeat: string,
  start: Date,
  zone: string,
  end: { until?: Date; count?: number },
): { ok: true; pattern: RepeatPattern; value: SeriesRule } | { ok: false; problem: RuleProblem } {
  const preset = repeat.trim().toUpperCase();
  let pattern: RepeatPattern;
  let map: Map<string, string>;
  if (preset === 'WEEKLY' || preset === 'BIWEEKLY' || preset === 'MONTHLY') {
    pattern = preset;
    map = presetParts(preset, start, zone);
  } else {
    pattern = 'RRULE';
    map = parts(preset.replace(/^RRULE:/, ''));
    map.delete('DTSTART');
    if (!map.has('FREQ')) return { ok: false, problem: 'bad_rule' };
    if (!ALLOWED_FREQ.has(map.get('FREQ')!)) return { ok: false, problem: 'frequency' };
  }
  if (end.until) {
    map.delete('COUNT');
    map.set('UNTIL', utcStamp(end.until));
  }
  if (end.count) {
    map.delete('UNTIL');
    map.set('COUNT', String(end.count));
  }
  let first: Date | null;
  let rule: SeriesRule;
  try {
    rule = { rule: join(map), startsAt: start, timezone: zone };
    const e = engine(rule);
    const next = e.next(start, true);
    first = next ? new Date(next.epochMilliseconds) : null;
    if (first && map.has('COUNT')) {
      // Its last occurrence, counted from the first one actually generated.
      const last = e.all().at(-1);
      map.delete('COUNT');
      // To the end of its last day, so a later change of time (from now on) keeps that day.
      if (last) {
        const lastDay = localDay(new Date(last.epochMilliseconds), zone);
        map.set('UNTIL', utcStamp(new Date(endOfLocalDay(lastDay, zone).getTime() - 1000)));
      }
    }
  } catch {
    return { ok: false, problem: 'bad_rule' };
  }
  if (!first) return { ok: false, problem: 'empty' };
  return { ok: true, pattern, value: { rule: join(map), startsAt: first, timezone: zone } };
}

function presetParts(preset: 'WEEKLY' | 'BIWEEKLY' | 'MONTHLY', start: Date, zone: string) {
  const map = new Map<string, string>();
  if (preset === 'MONTHLY') {
    map.set('FREQ', 'MONTHLY');
    map.set('BYDAY', monthlyByDay(start, zone));
  } else {
    map.set('FREQ', 'WEEKLY');
    if (preset === 'BIWEEKLY') map.set('INTERVAL', '2');
  }
  return map;
}

/**
 * The rule from a new start on (a series rescheduled "from now on"): a preset follows the new
 * start's weekday (and position in the month); a typed rule keeps its parts; the end stays.
 */
export function moveRule(current: SeriesRule, pattern: RepeatPattern, start: Date, zone: string): SeriesRule {
  const old = parts(current.rule);
  const map = pattern === 'RRULE' ? old : presetParts(pattern, start, zone);
  const until = old.get('UNTIL');
  if (until) map.set('UNTIL', until);
  return { rule: join(map), startsAt: start, timezone: zone };
}

/** The rule's occurrences in [from, to), as instants. */
export function occurrences(r: SeriesRule, from: Date, to: Date): Date[] {
  return engine(r)
    .between(from, to, true)
    .map((z) => new Date(z.epochMilliseconds))
    .filter((d) => d.getTime() >= from.getTime() && d.getTime() < to.getTime());
}

/** A series with no instance left is planned "forever": the daily job never picks it again. */
export const NEVER = new Date('9999-12-31T00:00:00Z');

/** The rule's first occurrence at or after an instant (NEVER when it has ended). */
export function nextOccurrence(r: SeriesRule, at: Date): Date {
  const next = engine(r).next(at, true);
  return next ? new Date(next.epochMilliseconds) : NEVER;
}

/** The rule's end, if it has one. */
export function ruleUntil(r: Pick<SeriesRule, 'rule'>): Date | null {
  const until = parts(r.rule).get('UNTIL');
  if (!until) return null;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(until);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

/** The rule ended just before an instant (a series cancelled from then on). */
export function endRuleBefore(r: SeriesRule, at: Date): SeriesRule {
  const map = parts(r.rule);
  map.delete('COUNT');
  map.set('UNTIL', utcStamp(new Date(at.getTime() - 1000)));
  return { ...r, rule: join(map) };
}
