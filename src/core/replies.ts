import type { FieldProblem } from './errors.ts';
import type { FieldInfo } from './fields.ts';
import type { Translate } from './i18n/index.ts';
import type { Reply } from './reply.ts';

export const errorReply = (t: Translate, message: string): Reply => ({
  visibility: 'ephemeral',
  tone: 'error',
  title: t('error.title'),
  lines: [message],
});

/** A short private note (a stale button, a file sent elsewhere). */
export const noteReply = (text: string): Reply => ({ visibility: 'ephemeral', tone: 'info', lines: [text] });

/** Every problem at once, each naming the input and what to type instead, plus the syntax. */
export function problemsReply(
  t: Translate,
  usage: string,
  problems: FieldProblem[],
  fields: FieldInfo[],
): Reply {
  return {
    visibility: 'ephemeral',
    tone: 'error',
    title: t('error.validation'),
    lines: problems.map((p) => (p.field ? `• ${p.field}: ${t(p.key, p.params)}` : `• ${t(p.key, p.params)}`)),
    footer: `${usage} ${fields.map((f) => (f.required ? `${f.key}:…` : `[${f.key}:…]`)).join(' ')}`,
  };
}
