// Input field builders. Each returns a zod schema that accepts both text (Slack, console) and typed
// values (Discord options), and records what adapters need to build options and modals from it.
import { z } from 'zod';

export type FieldKind = 'text' | 'url' | 'int' | 'bool' | 'choice' | 'choices' | 'datetime' | 'zone' | 'ref';

export interface FieldMeta {
  kind: FieldKind;
  min?: number;
  max?: number;
  /** Long text: a paragraph input in modals. */
  long?: boolean;
  values?: readonly string[];
  /** Short-id prefix of a record reference (L, C, M). */
  prefix?: 'L' | 'C' | 'M';
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

// Control characters (other than newlines in long text) are never useful and break rendering.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const asText = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);

export function text(opts: {
  min?: number;
  max: number;
  long?: boolean;
  check?: (s: string) => boolean;
  error?: string;
}) {
  const min = opts.min ?? 1;
  const check = opts.check;
  let schema = z
    .string()
    .trim()
    .min(min)
    .max(opts.max)
    .refine((s) => !CONTROL.test(s), { error: 'error.field.control' });
  if (check) schema = schema.refine(check, { error: opts.error ?? 'error.field.type' });
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

const upper = (v: unknown) =>
  typeof v === 'string'
    ? v
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, '_')
    : v;

export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return tag(z.preprocess(upper, z.enum(values)), { kind: 'choice', values });
}

/** A comma-separated list of choices, at least one, no repeats. */
export function choices<const T extends readonly [string, ...string[]]>(values: T) {
  return tag(
    z.preprocess(
      (v) =>
        typeof v === 'string'
          ? [
              ...new Set(
                v
                  .split(',')
                  .map(upper)
                  .filter((s) => s !== ''),
              ),
            ]
          : v,
      z.array(z.enum(values)).min(1).max(values.length),
    ),
    { kind: 'choices', values },
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

export function zone() {
  return tag(
    z.preprocess(
      asText,
      z
        .string()
        .trim()
        .max(64)
        .refine(
          (s) => {
            try {
              new Intl.DateTimeFormat('en', { timeZone: s });
              return s.includes('/') || s === 'UTC';
            } catch {
              return false;
            }
          },
          { error: 'error.field.zone' },
        ),
    ),
    { kind: 'zone', max: 64 },
  );
}

/** A short record id such as `M3` (prefix optional, any case); parsed to its number. */
export function ref(prefix: 'L' | 'C' | 'M') {
  const pattern = new RegExp(`^${prefix}?(\\d{1,9})$`, 'i');
  return tag(
    z.preprocess(
      asText,
      z
        .string()
        .trim()
        .regex(pattern, { error: 'error.field.ref' })
        .transform((s) => Number(pattern.exec(s)?.[1])),
    ),
    { kind: 'ref', prefix },
  );
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
