// A neutral form → a Slack modal, and a submitted modal → typed input. Pure.
import type { Form, FormField, FormLimits, FormState } from '../../core/platform.ts';
import { cut } from '../../core/text.ts';
import type { Block } from './block-kit.ts';

export const MODAL_CALLBACK = 'docket_form';
/** A modal holds 100 blocks; one is the description. */
export const SLACK_FORMS: FormLimits = { maxFields: 99, compact: false };

function element(f: FormField): Block {
  const text = f.initial;
  if (f.options && (f.kind === 'choice' || f.kind === 'bool')) {
    const options = f.options.map((o) => ({
      text: { type: 'plain_text', text: cut(o.label, 75) },
      value: o.value,
    }));
    // What was typed is matched by the core's reading of it; here only exact values pre-select.
    const chosen = options.find((o) => o.value === text?.toUpperCase() || o.value === text);
    return {
      type: 'static_select',
      action_id: 'value',
      options,
      ...(chosen ? { initial_option: chosen } : {}),
    };
  }
  if (f.options && f.kind === 'choices') {
    const options = f.options.map((o) => ({
      text: { type: 'plain_text', text: cut(o.label, 75) },
      value: o.value,
    }));
    const wanted = new Set(
      (text ?? '').split(',').map((s) =>
        s
          .trim()
          .toUpperCase()
          .replace(/[\s-]+/g, '_'),
      ),
    );
    const initial_options = options.filter((o) => wanted.has(o.value));
    return {
      type: 'multi_static_select',
      action_id: 'value',
      options,
      ...(initial_options.length ? { initial_options } : {}),
    };
  }
  if (f.kind === 'int')
    return {
      type: 'number_input',
      action_id: 'value',
      is_decimal_allowed: false,
      ...(f.min !== undefined ? { min_value: String(f.min) } : {}),
      ...(f.max !== undefined ? { max_value: String(f.max) } : {}),
      ...(text ? { initial_value: text } : {}),
    };
  if (f.kind === 'url')
    return { type: 'url_text_input', action_id: 'value', ...(text ? { initial_value: text } : {}) };
  return {
    type: 'plain_text_input',
    action_id: 'value',
    multiline: Boolean(f.long),
    ...(f.max !== undefined ? { max_length: Math.min(f.max, 3000) } : {}),
    ...(f.kind === 'datetime' && f.placeholder
      ? { placeholder: { type: 'plain_text', text: f.placeholder } }
      : {}),
    ...(text ? { initial_value: cut(text, 3000) } : {}),
  };
}

export function toModal(form: Form): Block {
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK,
    // Slack gives it back on submission: the form needs no state on our side (any instance answers).
    private_metadata: cut(JSON.stringify(form.state), 3000),
    title: { type: 'plain_text', text: cut(form.title, 24) },
    submit: { type: 'plain_text', text: cut(form.submit, 24) },
    close: { type: 'plain_text', text: cut(form.cancel, 24) },
    blocks: [
      { type: 'context', elements: [{ type: 'plain_text', text: cut(form.description, 2000) }] },
      ...form.fields.map((f) => ({
        type: 'input',
        block_id: f.key,
        optional: !f.required,
        label: { type: 'plain_text', text: cut(f.label, 2000) },
        element: element(f),
      })),
    ],
  };
}

/** The form's context, read back from private_metadata; null when it is not one of ours. */
export function readFormState(raw: string): FormState | null {
  try {
    const s = JSON.parse(raw) as FormState;
    return typeof s.command === 'string' && typeof s.sub === 'string'
      ? { ...s, hidden: s.hidden ?? {} }
      : null;
  } catch {
    return null;
  }
}

type StateValue = {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
};

/** Submitted modal state → the inputs a command takes (text as typed, lists comma-joined). */
export function readModal(state: Record<string, Record<string, StateValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, actions] of Object.entries(state)) {
    const v = actions.value;
    if (!v) continue;
    const value =
      v.selected_option?.value ?? v.selected_options?.map((o) => o.value).join(',') ?? v.value ?? '';
    if (value !== '') out[key] = value;
  }
  return out;
}
