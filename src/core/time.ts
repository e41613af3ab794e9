import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { enGB, es, fr } from 'date-fns/locale';
import type { Locale } from './i18n/index.ts';

const DATE_LOCALES = { en: enGB, fr, es } as const;

/** "Thu 3 Dec 2026, 15:00 CET": an instant in the reader's zone and language. */
export function formatInstant(at: Date, locale: Locale, timeZone: string): string {
  const local = new TZDate(at.getTime(), timeZone);
  const zoneName =
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return `${format(local, 'EEE d MMM yyyy, HH:mm', { locale: DATE_LOCALES[locale] })} ${zoneName}`;
}

export function formatDate(at: Date, locale: Locale, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'd MMM yyyy', { locale: DATE_LOCALES[locale] });
}

export type LocalTimeResult = { ok: true; at: Date } | { ok: false; reason: 'invalid' | 'gap' };

/** Reads `2026-12-03 15:00` as wall-clock time in `timeZone`. */
export function parseLocal(text: string, timeZone: string): LocalTimeResult {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return { ok: false, reason: 'invalid' };
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return { ok: false, reason: 'invalid' };
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1) return { ok: false, reason: 'invalid' };
  const at = new TZDate(y, mo - 1, d, h, mi, timeZone);
  // A wall time skipped by a daylight-saving jump does not exist: say so rather than shift it.
  if (at.getHours() !== h || at.getMinutes() !== mi) return { ok: false, reason: 'gap' };
  // A repeated wall time (clocks going back) has two readings: take the earlier, as Temporal's
  // "compatible" rule does, so a meeting is never silently an hour late.
  for (const back of [60, 30]) {
    const earlier = new TZDate(at.getTime() - back * 60_000, timeZone);
    if (earlier.getHours() === h && earlier.getMinutes() === mi && earlier.getDate() === d)
      return { ok: true, at: new Date(earlier.getTime()) };
  }
  return { ok: true, at: new Date(at.getTime()) };
}
