// Input field builders. Each returns a zod schema that accepts both text (Slack, console) and typed
// values (Discord options), and records what adapters need to build options and modals from it.
import { z } from 'zod';
import { catalogues, LOCALES, type MessageKey, type Translate } from './i18n/index.ts';
import { parseRef, type RefPrefix } from './refs.ts';
import { cleanLong, CONTROL_OR_BIDI, LINE_BREAK } from './text.ts';
import { canonicalZone } from './zones.ts';

export type FieldKind = 'text' | 'url' | 'int' | 'bool' | 'choice' | 'choices' | 'datetime' | 'zone' | 'ref';

export interface FieldMeta {
  kind: FieldKind;
  min?: number;
  max?: number;
  /** Long text: a paragraph input in modals. */
  long?: boolean;
  values?: readonly string[];
  /** Catalogue group naming each value (`theme` → `theme.ACCESS_TO_JUSTICE`). */
  labels?: LabelGroup;
  /** Short-id prefix of a record reference (L, C, M…). */
  prefix?: RefPrefix;
  /** Other prefixes the reference also accepts (a meeting input taking a series, S2). */
  also?: RefPrefix[];
}

export type LabelGroup =
  | 'theme'
  | 'orgType'
  | 'completion'
  | 'kind'
  | 'answer'
  | 'role'
  | 'language'
  | 'standing'
  | 'attend'
  | 'direction'
  | 'sdgIndicator';

/** A choice value in the reader's language (its lower-case name when it has no label). */
export function choiceLabel(t: Translate, field: Pick<FieldMeta, 'labels'>, value: string): string {
  return field.labels ? t(`${field.labels}.${value}` as MessageKey) : value.toLowerCase();
}

// Accents and case do not matter when a value is typed: "peut-être", "Peut etre", "PEUT_ETRE".
const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toUpperCase()
    .replace(/[\s'’-]+/g, '_');

/** Each value's name and its label in every language, folded, → the value. */
function aliases(values: readonly string[], labels?: LabelGroup): Map<string, string> {
  const map = new Map<string, string>();
  for (const v of values) map.set(fold(v), v);
  if (labels) {
    for (const locale of LOCALES) {
      for (const v of values) {
        const label = catalogues[locale][`${labels}.${v}` as MessageKey];
        if (label && !map.has(fold(label))) map.set(fold(label), v);
      }
    }
  }
  return map;
}

export interface FieldInfo extends FieldMeta {
  key: string;
  required: boolean;
}

const metaOf = new WeakMap<z.ZodType, FieldMeta>();

function tag<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  metaOf.set(schema, meta);
  return schema;
}

const asText = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);

/**
 * Free text. A single-line input (a title, a name) refuses line breaks and, with a clear message,
 * control characters and bidirectional overrides; a long one (`long: true`: summaries, notes) keeps
 * its lines and has controls and overrides removed. Either way none is stored.
 */
export function text(opts: {
  min?: number;
  max: number;
  long?: boolean;
  check?: (s: string) => boolean;
  error?: string;
}) {
  const min = opts.min ?? 1;
  const check = opts.check;
  const long = Boolean(opts.long);
  let inner = z.string().trim().min(min).max(opts.max);
  if (!long)
    inner = inner
      .refine((s) => !LINE_BREAK.test(s), { error: 'error.field.newline', abort: true })
      .refine((s) => !CONTROL_OR_BIDI.test(s), { error: 'error.field.control', abort: true });
  if (check) inner = inner.refine(check, { error: opts.error ?? 'error.field.type' });
  const schema = z
    .string()
    .transform((s) => (long ? cleanLong(s) : s.replace(/\t/g, ' ')))
    .pipe(inner);
  return tag(z.preprocess(asText, schema), { kind: 'text', min, max: opts.max, long: opts.long });
}

export function url() {
  return tag(
    z.preprocess(
      asText,
      z
        .string()
        .trim()
        .max(500)
        // Characters a URL never holds as such (RFC 3986): refused, so none can form markup.
        .refine((s) => !CONTROL_OR_BIDI.test(s) && !/[\s<>"{}|\\^`]/.test(s), {
          error: 'error.field.url',
          abort: true,
        })
        .refine(
          (s) => {
            try {
              const u = new URL(s);
              return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
            } catch {
              return false;
            }
          },
          { error: 'error.field.url' },
        ),
    ),
    { kind: 'url', max: 500 },
  );
}

export function int(opts: { min: number; max: number }) {
  return tag(
    z.preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v),
      z.number().int().min(opts.min).max(opts.max),
    ),
    { kind: 'int', min: opts.min, max: opts.max },
  );
}

/**
 * A decimal number typed as text (`41`, `12.5`, `-3`, or `12,5` with a decimal comma), read as a
 * number. Typed like text on every platform, so adapters need nothing new.
 */
export function decimal() {
  return tag(
    z.preprocess(
      asText,
      z
        .string()
        .trim()
        .regex(/^[+-]?(\d{1,12}([.,]\d{1,6})?|[.,]\d{1,6})$/, { error: 'error.field.number' })
        .transform((s) => Number(s.replace(',', '.'))),
    ),
    { kind: 'text', min: 1, max: 20 },
  );
}

/** A calendar date, `2026-12-03`, that exists; read as 00:00 UTC of that day. */
export function date() {
  return tag(
    z.preprocess(
      asText,
      z
        .string()
        .trim()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'error.field.date' })
        .refine(
          (s) => {
            const d = new Date(`${s}T00:00:00Z`);
            // 2026-02-30 would roll over to 2 March: only a date that reads back the same exists.
            return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
          },
          { error: 'error.field.date' },
        )
        .transform((s) => new Date(`${s}T00:00:00Z`)),
    ),
    { kind: 'text', min: 10, max: 10 },
  );
}

const TRUE = new Set(['yes', 'true', 'y', '1', 'oui', 'si', 'sí', 'on']);
const FALSE = new Set(['no', 'false', 'n', '0', 'non', 'off']);
export function bool() {
  return tag(
    z.preprocess((v) => {
      if (typeof v !== 'string') return v;
      const s = v.trim().toLowerCase();
      return TRUE.has(s) ? true : FALSE.has(s) ? false : v;
    }, z.boolean()),
    { kind: 'bool' },
  );
}

const reader = (values: readonly string[], labels?: LabelGroup) => {
  const known = aliases(values, labels);
  return (v: unknown) => (typeof v === 'string' ? (known.get(fold(v)) ?? fold(v)) : v);
};

/** One of `values`, typed as its name or its label in English, French or Spanish, any case. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, labels?: LabelGroup) {
  return tag(z.preprocess(reader(values, labels), z.enum(values)), { kind: 'choice', values, labels });
}

/** One of the languages Docket speaks, by code or by name in any of them (`fr`, `français`). */
export const localeChoice = () => choice(LOCALES, 'language');

/** A comma-separated list of choices (names or labels, as for choice()), at least one, no repeats. */
export function choices<const T extends readonly [string, ...string[]]>(values: T, labels?: LabelGroup) {
  const read = reader(values, labels);
  return tag(
    z.preprocess(
      (v) =>
        typeof v === 'string'
          ? [
              ...new Set(
                v
                  .split(',')
                  .filter((s) => s.trim() !== '')
                  .map(read),
              ),
            ]
          : v,
      z.array(z.enum(values)).min(1).max(values.length),
    ),
    { kind: 'choices', values, labels },
  );
}

/** A wall-clock date and time, `2026-12-03 15:00`; the zone is applied by the handler. */
export function datetime() {
  return tag(
    z.preprocess(
      asText,
      z
        .string()
        .trim()
        .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}$/, { error: 'error.field.datetime' }),
    ),
    { kind: 'datetime' },
  );
}

/** An IANA time zone, any case or alias, kept by its canonical name (`europe/paris` → `Europe/Paris`). */
export function zone() {
  return tag(
    z.preprocess(
      asText,
      z
        .string()
        .trim()
        .max(64)
        .transform((s, ctx) => {
          const canonical = canonicalZone(s);
          if (canonical) return canonical;
          ctx.issues.push({ code: 'custom', message: 'error.field.zone', input: s });
          return z.NEVER;
        }),
    ),
    { kind: 'zone', max: 64 },
  );
}

/** A short record id such as `M3` (prefix optional, any case); parsed to its number. */
export function ref(prefix: RefPrefix) {
  return tag(
    z.preprocess(
      asText,
      z
        .string()
        .trim()
        .refine((s) => parseRef(prefix, s) !== null, { error: 'error.field.ref' })
        .transform((s) => parseRef(prefix, s)!),
    ),
    { kind: 'ref', prefix },
  );
}

/**
 * A meeting (`M3`) or a series (`S2`), any case; a bare number is a meeting. Parsed to
 * `{ prefix, number }`.
 */
export function meetingOrSeries() {
  const read = (s: string): { prefix: 'M' | 'S'; number: number } | null => {
    const series = /^s/i.test(s.trim()) ? parseRef('S', s) : null;
    if (series !== null) return { prefix: 'S', number: series };
    const meeting = parseRef('M', s);
    return meeting !== null ? { prefix: 'M', number: meeting } : null;
  };
  return tag(
    z.preprocess(
      asText,
      z
        .string()
        .trim()
        .refine((s) => read(s) !== null, { error: 'error.field.ref' })
        .transform((s) => read(s)!),
    ),
    { kind: 'ref', prefix: 'M', also: ['S'] },
  );
}

/** A calendar day, `2027-03-09`; the zone and range are applied by the handler (see rules.ts). */
export function day() {
  return text({ min: 10, max: 10, error: 'error.field.date', check: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) });
}

/** What adapters need to know of each input of a sub-command's schema, in declaration order. */
export function describe(schema: z.ZodObject): FieldInfo[] {
  return Object.entries(schema.shape).map(([key, raw]) => {
    let inner = raw as z.ZodType;
    let required = true;
    while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
      required = false;
      inner = inner.unwrap() as z.ZodType;
    }
    const meta = metaOf.get(inner);
    if (!meta) throw new Error(`input "${key}" must be built with the helpers in src/core/fields.ts`);
    return { key, required, ...meta };
  });
}
