// Time zones are stored by their canonical IANA name, whatever the case or the alias typed:
// `europe/paris` is `Europe/Paris`, `Asia/Calcutta` is `Asia/Kolkata`, `utc` is `UTC`. Calendar files
// name the zone in TZID and carry its VTIMEZONE under that same name, so they must agree.
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';

let byLowerCase: Map<string, string> | null = null;
const known = (): Map<string, string> => {
  byLowerCase ??= new Map(
    (tzlib_get_timezones() as string[]).map((name): [string, string] => [name.toLowerCase(), name]),
  );
  return byLowerCase;
};

const runtimeKnows = (zone: string): string | null => {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
};

/** The name IANA's VTIMEZONE data files it under (links such as Asia/Calcutta lead to it). */
const ianaName = (name: string): string | null => {
  const block = tzlib_get_ical_block(name) as unknown;
  const text = Array.isArray(block) ? String(block[0] ?? '') : '';
  return /^TZID:(.+)$/m.exec(text)?.[1]?.trim() ?? null;
};

const UTC_NAMES = new Set([
  'utc',
  'etc/utc',
  'etc/uct',
  'uct',
  'etc/universal',
  'universal',
  'zulu',
  'etc/zulu',
]);

/**
 * The canonical IANA name of a zone the runtime knows, or null. Only region names (`Area/City`) and
 * UTC are accepted, as people type them; abbreviations such as CET or EST are refused (ambiguous).
 */
export function canonicalZone(input: string): string | null {
  const typed = input.trim();
  if (!typed || typed.length > 64) return null;
  const resolved = runtimeKnows(typed);
  if (!resolved) return null;
  const lower = typed.toLowerCase();
  if (UTC_NAMES.has(lower)) return 'UTC';
  if (!typed.includes('/')) return null;
  const listed = known().get(lower) ?? known().get(resolved.toLowerCase()) ?? null;
  const iana = listed ? (ianaName(listed) ?? listed) : resolved;
  if (iana === 'Etc/UTC') return 'UTC';
  // The runtime must be able to compute with the name we keep.
  return runtimeKnows(iana) ? iana : resolved;
}
