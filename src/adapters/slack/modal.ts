// A sub-command's schema → a Slack modal, and a submitted modal → typed input. Pure.
import { descriptionKey, optionKey } from '../../core/command.ts';
import type { FieldInfo } from '../../core/fields.ts';
import type { Translate } from '../../core/i18n/index.ts';
import type { Block } from './block-kit.ts';

export const MODAL_CALLBACK = 'docket_form';

export interface ModalMetadata {
  command: string;
  sub: string;
  channelId?: string;
}

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const asText = (v: unknown) =>
  Array.isArray(v) ? v.join(',') : v === undefined || v === null ? undefined : String(v);

function option(t: Translate, f: FieldInfo, value: string) {
  const group = {
    themes: 'theme',
    theme: 'theme',
    type: 'orgType',
    completion: 'completion',
    kind: 'kind',
    answer: 'answer',
  }[f.key];
  const label = group ? t(`${group}.${value}` as Parameters<Translate>[0]) : value.toLowerCase();
  return { text: { type: 'plain_text', text: cut(label, 75) }, value };
}

function element(t: Translate, f: FieldInfo, initial: unknown): Block {
  const text = asText(initial);
  switch (f.kind) {
    case 'choice':
    case 'bool': {
      const values = f.kind === 'bool' ? ['YES', 'NO'] : [...(f.values ?? [])];
      const options = values.map((v) =>
        f.kind === 'bool'
          ? { text: { type: 'plain_text', text: t(v === 'YES' ? 'common.yes' : 'common.no') }, value: v }
          : option(t, f, v),
      );
      const chosen = options.find(
        (o) =>
          o.value === text?.toUpperCase().replace(/[\s-]+/g, '_') ||
          (f.kind === 'bool' && /^(yes|true|oui|s[ií])$/i.test(text ?? '') && o.value === 'YES'),
      );
      return {
        type: 'static_select',
        action_id: 'value',
        options,
        ...(chosen ? { initial_option: chosen } : {}),
      };
    }
    case 'choices': {
      const options = (f.values ?? []).map((v) => option(t, f, v));
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
    case 'int':
      return {
        type: 'number_input',
        action_id: 'value',
        is_decimal_allowed: false,
        ...(f.min !== undefined ? { min_value: String(f.min) } : {}),
        ...(f.max !== undefined ? { max_value: String(f.max) } : {}),
        ...(text ? { initial_value: text } : {}),
      };
    case 'url':
      return { type: 'url_text_input', action_id: 'value', ...(text ? { initial_value: text } : {}) };
    default:
      return {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: Boolean(f.long),
        ...(f.max !== undefined ? { max_length: Math.min(f.max, 3000) } : {}),
        ...(f.kind === 'datetime' ? { placeholder: { type: 'plain_text', text: '2026-12-03 15:00' } } : {}),
        ...(text ? { initial_value: cut(text, 3000) } : {}),
      };
  }
}

export function toModal(
  t: Translate,
  meta: ModalMetadata,
  fields: FieldInfo[],
  initial: Record<string, unknown>,
): Block {
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: cut(`/${meta.command} ${meta.sub}`, 24) },
    submit: { type: 'plain_text', text: t('modal.submit') },
    close: { type: 'plain_text', text: t('modal.cancel') },
    blocks: [
      {
        type: 'context',
        elements: [{ type: 'plain_text', text: t(descriptionKey(meta.command, meta.sub)) }],
      },
      // Modals hold at most 100 blocks; no sub-command comes near.
      ...fields.map((f) => ({
        type: 'input',
        block_id: f.key,
        optional: !f.required,
        label: { type: 'plain_text', text: cut(t(optionKey(f.key)), 2000) },
        element: element(t, f, initial[f.key]),
      })),
    ],
  };
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
