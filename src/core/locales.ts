// What a platform reports of a person's language and zone, read as Docket's own, and the one rule
// that decides how everyone is written to.
import { LOCALES, type Locale } from './i18n/index.ts';
import { canonicalZone } from './zones.ts';

export const asLocale = (l: string | null | undefined): Locale | null =>
  (LOCALES as readonly string[]).includes(l ?? '') ? (l as Locale) : null;

/** A platform's language hint (`fr-FR`, `es-419`) as one of ours, or null. */
export const localeOfHint = (hint?: string | null): Locale | null =>
  asLocale((hint ?? '').toLowerCase().split(/[-_]/)[0]);

/** A zone the runtime knows, by its canonical name, or null (platforms send legacy or empty names). */
export function zoneOfHint(hint?: string | null): string | null {
  return hint ? canonicalZone(hint) : null;
}

/**
 * The one rule for a reader's language and zone, in replies, notices, reminders and files alike:
 * the person's profile, else what their platform reports, else the coalition's. Never the machine's.
 */
export function readerOf(
  person: { locale: string | null; timezone: string | null },
  hints: { localeHint?: string | null; timezoneHint?: string | null } | undefined,
  coalition: { locale: string; timezone: string },
): { locale: Locale; timeZone: string } {
  return {
    locale: asLocale(person.locale) ?? localeOfHint(hints?.localeHint) ?? asLocale(coalition.locale) ?? 'en',
    timeZone: person.timezone ?? zoneOfHint(hints?.timezoneHint) ?? coalition.timezone,
  };
}
