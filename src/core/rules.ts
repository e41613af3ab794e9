// Domain rules that several entry points share (commands, jobs, the HTTP API): each lives here
// once, so they cannot drift apart.
import type { FieldProblem } from './errors.ts';
import { endOfLocalDay, localDay } from './recurrence.ts';
import { parseLocal } from './time.ts';

/** How far ahead anything can be scheduled: far enough for a plan, near enough to be real. */
export const SCHEDULE_HORIZON_YEARS = 5;

export type Rule<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

/**
 * A start typed as wall time in `zone` (`2026-12-03 15:00`): it must exist in that zone (not
 * skipped by a clock change), lie in the future and at most five years ahead.
 */
export function scheduledStart(field: string, text: string, zone: string, now: Date): Rule<Date> {
  const start = parseLocal(text, zone);
  if (!start.ok)
    return {
      ok: false,
      problem: {
        field,
        key: start.reason === 'gap' ? 'error.field.datetime_gap' : 'error.field.datetime',
        params: { zone },
      },
    };
  if (start.at.getTime() <= now.getTime())
    return { ok: false, problem: { field, key: 'meeting.in_past', params: { zone } } };
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + SCHEDULE_HORIZON_YEARS);
  if (start.at.getTime() > horizon.getTime())
    return { ok: false, problem: { field, key: 'meeting.too_far', params: {} } };
  return { ok: true, value: start.at };
}

/**
 * A day that schedules something (a series' `until:`, an action's `due:`), typed `2027-03-31`:
 * the end of that day in `zone` must lie in the future and at most five years ahead, as a start does.
 */
export function scheduledDay(field: string, text: string, zone: string, now: Date): Rule<Date> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const end = m ? parseLocal(`${m[1]}-${m[2]}-${m[3]} 23:59`, zone) : null;
  if (!end || !end.ok) return { ok: false, problem: { field, key: 'error.field.date', params: {} } };
  if (end.at.getTime() <= now.getTime())
    return { ok: false, problem: { field, key: 'error.field.date_past', params: { zone } } };
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + SCHEDULE_HORIZON_YEARS);
  if (end.at.getTime() - 86_400_000 > horizon.getTime())
    return { ok: false, problem: { field, key: 'meeting.too_far', params: {} } };
  return { ok: true, value: end.at };
}

/** OGP was founded in 2011: no coalition data comes from before. */
export const FIRST_REPORT_YEAR = 2011;

/** The current year in a zone. */
export const yearIn = (at: Date, zone: string): number =>
  Number(new Intl.DateTimeFormat('en', { timeZone: zone, year: 'numeric' }).format(at));

/**
 * Years an annual report can cover: from OGP's founding to the current year in the coalition's
 * zone (a year not yet begun has no data). Chat and the HTTP API apply the same range.
 */
export function reportYears(now: Date, zone: string): { first: number; last: number } {
  return { first: FIRST_REPORT_YEAR, last: yearIn(now, zone) };
}

/** `2027-03-09` as a real calendar day, or null. */
function calendarDay(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text.trim() ? text.trim() : null;
}

/**
 * A due day typed as `2027-03-09` (an action item's): a real day, today or later in `zone`, at most
 * five years ahead. Overdue once the day has ended there (`endsAt`).
 */
export function dueDay(
  field: string,
  text: string,
  zone: string,
  now: Date,
): Rule<{ day: string; endsAt: Date }> {
  const day = calendarDay(text);
  if (!day) return { ok: false, problem: { field, key: 'error.field.date', params: {} } };
  if (day < localDay(now, zone))
    return { ok: false, problem: { field, key: 'action.due_past', params: { zone } } };
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + SCHEDULE_HORIZON_YEARS);
  if (day > localDay(horizon, zone))
    return { ok: false, problem: { field, key: 'meeting.too_far', params: {} } };
  return { ok: true, value: { day, endsAt: endOfLocalDay(day, zone) } };
}

/** A series' last day (`until:2027-06-30`, inclusive, in its zone): on or after its start, within five years. */
export function seriesUntil(field: string, text: string, zone: string, start: Date, now: Date): Rule<Date> {
  const day = calendarDay(text);
  if (!day) return { ok: false, problem: { field, key: 'error.field.date', params: {} } };
  if (day < localDay(start, zone))
    return { ok: false, problem: { field, key: 'series.until_before_start', params: {} } };
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + SCHEDULE_HORIZON_YEARS);
  if (day > localDay(horizon, zone))
    return { ok: false, problem: { field, key: 'meeting.too_far', params: {} } };
  return { ok: true, value: new Date(endOfLocalDay(day, zone).getTime() - 1000) };
}

// Calendar dates (baselines, measurements, targets, milestones) are days, not instants: stored as
// 00:00 UTC of the day and compared with "today" in the coalition's zone.

/** Today in `zone`, as 00:00 UTC of that calendar day. */
export function todayIn(now: Date, zone: string): Date {
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return new Date(`${day}T00:00:00Z`);
}

const addYears = (day: Date, years: number) => {
  const d = new Date(day);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
};
const dayText = (d: Date) => d.toISOString().slice(0, 10);

/** No evidence about justice outcomes that matters here predates this (SDG baselines start later). */
export const EARLIEST_EVIDENCE = new Date('1990-01-01T00:00:00Z');
/** Targets run to SDG-style horizons (2030, 2045…), not beyond. */
export const TARGET_HORIZON_YEARS = 30;

/**
 * A day something was measured (a baseline or a value): not after today in the coalition's zone,
 * not before 1990, and, for a measurement, not before its indicator's baseline.
 */
export function measuredDay(
  field: string,
  day: Date,
  o: { now: Date; zone: string; baseline?: Date },
): Rule<Date> {
  const today = todayIn(o.now, o.zone);
  if (day.getTime() > today.getTime())
    return {
      ok: false,
      problem: { field, key: 'error.field.date_future', params: { today: dayText(today) } },
    };
  if (day.getTime() < EARLIEST_EVIDENCE.getTime())
    return {
      ok: false,
      problem: { field, key: 'error.field.date_early', params: { min: dayText(EARLIEST_EVIDENCE) } },
    };
  if (o.baseline && day.getTime() < o.baseline.getTime())
    return {
      ok: false,
      problem: { field, key: 'indicator.before_baseline', params: { baseline: dayText(o.baseline) } },
    };
  return { ok: true, value: day };
}

/** A target's day: after the baseline's, at most thirty years from today. */
export function targetDay(
  field: string,
  day: Date,
  o: { now: Date; zone: string; baseline: Date },
): Rule<Date> {
  if (day.getTime() <= o.baseline.getTime())
    return {
      ok: false,
      problem: { field, key: 'indicator.target_before_baseline', params: { baseline: dayText(o.baseline) } },
    };
  if (day.getTime() > addYears(todayIn(o.now, o.zone), TARGET_HORIZON_YEARS).getTime())
    return {
      ok: false,
      problem: { field, key: 'error.field.date_far', params: { years: TARGET_HORIZON_YEARS } },
    };
  return { ok: true, value: day };
}

/** A milestone's due day: from OGP's founding year, at most five years ahead (like any schedule). */
export function milestoneDueDay(field: string, day: Date, o: { now: Date; zone: string }): Rule<Date> {
  const first = new Date(`${FIRST_REPORT_YEAR}-01-01T00:00:00Z`);
  if (day.getTime() < first.getTime())
    return { ok: false, problem: { field, key: 'error.field.date_early', params: { min: dayText(first) } } };
  if (day.getTime() > addYears(todayIn(o.now, o.zone), SCHEDULE_HORIZON_YEARS).getTime())
    return {
      ok: false,
      problem: { field, key: 'error.field.date_far', params: { years: SCHEDULE_HORIZON_YEARS } },
    };
  return { ok: true, value: day };
}
