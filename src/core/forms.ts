// A sub-command's schema → a neutral form (Slack modal, Discord modal, console prompts), with every
// label in the reader's language. Which fields a form shows is decided here, once.
import { descriptionKey, optionKey } from './command.ts';
import { choiceLabel, type FieldInfo } from './fields.ts';
import type { Translate } from './i18n/index.ts';
import type { Form, FormField, FormLimits, FormState } from './platform.ts';

const asText = (v: unknown) =>
  Array.isArray(v) ? v.join(',') : v === undefined || v === null ? undefined : String(v);

/**
 * The fields a form shows, in declaration order (missing required first when space is short).
 * Compact forms show what could not be typed as options (missing required inputs, long text) and
 * the pre-filled inputs named in `show` (a message action's).
 */
export function formFields(
  fields: FieldInfo[],
  values: Record<string, unknown>,
  limits: FormLimits,
  show: string[] = [],
): FieldInfo[] {
  const missing = (f: FieldInfo) => f.required && !(f.key in values);
  const long = (f: FieldInfo) => f.kind === 'text' && Boolean(f.long);
  const wanted = limits.compact
    ? fields.filter((f) => missing(f) || long(f) || show.includes(f.key))
    : fields;
  const ranked = [
    ...wanted.filter(missing),
    ...wanted.filter((f) => !missing(f) && long(f)),
    ...wanted.filter((f) => !missing(f) && !long(f)),
  ].slice(0, limits.maxFields);
  return fields.filter((f) => ranked.includes(f));
}

function formField(t: Translate, f: FieldInfo, value: unknown, label?: string): FormField {
  const options =
    f.kind === 'bool'
      ? [
          { value: 'YES', label: t('common.yes') },
          { value: 'NO', label: t('common.no') },
        ]
      : f.values?.map((v) => ({ value: v, label: choiceLabel(t, f, v) }));
  const placeholder =
    f.kind === 'datetime'
      ? '2026-12-03 15:00'
      : f.values
        ? f.values
            .slice(0, 4)
            .map((v) => v.toLowerCase())
            .join(', ')
        : undefined;
  return {
    ...f,
    label: label ?? t(optionKey(f.key)),
    initial: asText(value),
    ...(options ? { options } : {}),
    ...(placeholder ? { placeholder } : {}),
  };
}

export function buildForm(
  t: Translate,
  target: { command: string; sub: string; channelId?: string },
  fields: FieldInfo[],
  values: Record<string, unknown>,
  limits: FormLimits,
  show: string[] = [],
  /** Labels not in the catalogues (questions the secretariat wrote), by input. */
  labels: Record<string, string> = {},
): Form {
  const shown = formFields(fields, values, limits, show);
  const state: FormState = {
    command: target.command,
    sub: target.sub,
    ...(target.channelId ? { channelId: target.channelId } : {}),
    hidden: Object.fromEntries(Object.entries(values).filter(([k]) => !shown.some((f) => f.key === k))),
  };
  return {
    state,
    title: `/${target.command} ${target.sub}`,
    description: t(descriptionKey(target.command, target.sub)),
    submit: t('modal.submit'),
    cancel: t('modal.cancel'),
    fields: shown.map((f) => formField(t, f, values[f.key], labels[f.key])),
    locale: t.locale,
  };
}
