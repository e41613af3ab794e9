// Every string a person reads comes from the catalogues in messages/*.json: ICU MessageFormat
// (plural and select by each language's CLDR rules) formatted by FormatJS. Translators edit the
// JSON files alone; TypeScript checks that French and Spanish have every English key.
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { IntlMessageFormat } from 'intl-messageformat';
import en from './messages/en.json' with { type: 'json' };
import es from './messages/es.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };

export type MessageKey = keyof typeof en;
export const LOCALES = ['en', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export type Params = Record<string, string | number>;

// A missing key in fr or es is a type error here; extra keys are caught by test/core/i18n.test.ts.
export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, fr, es };

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

export interface Translate {
  (key: MessageKey, params?: Params): string;
  locale: Locale;
  /** The same translator in another language. */
  in(locale: Locale): Translate;
}

const cache = createIntlCache();
const intls = new Map<Locale, IntlShape<string>>();

function intlFor(locale: Locale): IntlShape<string> {
  let intl = intls.get(locale);
  if (!intl) {
    intl = createIntl(
      {
        locale,
        defaultLocale: 'en',
        messages: catalogues[locale],
        onError: (error) => {
          // A broken message is a bug in a catalogue: fail loudly in tests, never silently.
          throw error;
        },
      },
      cache,
    );
    intls.set(locale, intl);
  }
  return intl;
}

/** Formats one ICU message in `locale` (tests and tools; the app uses translator()). */
export function format(locale: Locale, message: string, params: Params = {}): string {
  return String(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).format(params));
}

export function translator(locale: Locale): Translate {
  const intl = intlFor(locale);
  // ignoreTag: `<` in a message is text, never a markup tag.
  const t = ((key: MessageKey, params?: Params) =>
    intl.formatMessage({ id: key }, params, { ignoreTag: true })) as Translate;
  t.locale = locale;
  t.in = translator;
  return t;
}
