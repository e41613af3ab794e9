import { en, type MessageKey } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

export type { MessageKey };
export type Locale = 'en' | 'fr' | 'es';
export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, fr, es };

export interface Translate {
  (key: MessageKey, params?: Record<string, string | number>): string;
  locale: Locale;
  /** The same translator in another language. */
  in(locale: Locale): Translate;
}

/** Fills {placeholders}; "one|other" picks a plural form by {count} under the language's rules. */
export function format(
  locale: Locale,
  template: string,
  params: Record<string, string | number> = {},
): string {
  let text = template;
  if (text.includes('|') && typeof params.count === 'number') {
    const [one, other] = text.split('|') as [string, string];
    text = new Intl.PluralRules(locale).select(params.count) === 'one' ? one : other;
  } else if (text.includes('|')) {
    text = text.split('|')[1] ?? text;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(locale: Locale): Translate {
  const t = ((key: MessageKey, params?: Record<string, string | number>) =>
    format(locale, catalogues[locale][key] ?? en[key] ?? key, params)) as Translate;
  t.locale = locale;
  t.in = translator;
  return t;
}
