// Neutral reply → Slack Block Kit. Pure, tested against exact JSON. Times become Slack date tokens
// so every reader sees their own zone; user text is escaped so it cannot mention or link by stealth.
import type { Locale } from '../../core/i18n/index.ts';
import { renderSpans, type Button, type Reply, type RichText } from '../../core/reply.ts';
import { formatInstant } from '../../core/time.ts';

export type Block = Record<string, unknown>;
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function slackDate(at: Date, locale: Locale): string {
  const unix = Math.floor(at.getTime() / 1000);
  return `<!date^${unix}^{date_short_pretty} {time}|${escape(formatInstant(at, locale, 'UTC'))}>`;
}

export function mrkdwn(text: RichText, locale: Locale): string {
  return renderSpans(
    typeof text === 'string' ? escape(text) : text.map((s) => (typeof s === 'string' ? escape(s) : s)),
    {
      time: (at) => slackDate(at, locale),
      link: (url, label) =>
        `<${url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E')}${label ? `|${escape(label)}` : ''}>`,
    },
  );
}

const plain = (text: RichText, locale: Locale) =>
  renderSpans(text, {
    time: (at) => formatInstant(at, locale, 'UTC'),
    link: (url, label) => (label ? `${label} (${url})` : url),
  });

/** What a button carries back: the command to run, as typed input. */
export interface ButtonValue {
  c: string;
  s: string;
  i: Record<string, string>;
}

export const buttonElement = (b: Button, index: number): Block => ({
  type: 'button',
  action_id: `docket:${index}`,
  text: { type: 'plain_text', text: cut(b.label, 75), emoji: true },
  value: JSON.stringify({ c: b.command, s: b.sub, i: b.input } satisfies ButtonValue),
  ...(b.style ? { style: b.style } : {}),
});

export function toBlockKit(reply: Reply, locale: Locale): SlackMessage {
  const blocks: Block[] = [];
  if (reply.title)
    blocks.push({ type: 'header', text: { type: 'plain_text', text: cut(reply.title, 150), emoji: true } });
  const body = (reply.lines ?? []).map((l) => mrkdwn(l, locale)).join('\n');
  // A section's text holds at most 3000 characters.
  for (let i = 0; i < body.length; i += 3000)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: body.slice(i, i + 3000) } });
  const fields = reply.fields ?? [];
  for (let i = 0; i < fields.length; i += 10) {
    blocks.push({
      type: 'section',
      fields: fields.slice(i, i + 10).map((f) => ({
        type: 'mrkdwn',
        text: cut(`*${escape(f.label)}*\n${mrkdwn(f.value, locale)}`, 2000),
      })),
    });
  }
  const buttons = reply.buttons ?? [];
  for (let i = 0; i < buttons.length; i += 25)
    blocks.push({
      type: 'actions',
      elements: buttons.slice(i, i + 25).map((b, j) => buttonElement(b, i + j)),
    });
  if (reply.footer)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escape(reply.footer) }] });
  const text =
    [reply.title, ...(reply.lines ?? []).map((l) => plain(l, locale))].filter(Boolean).join('\n') || ' ';
  return { text: cut(text, 3000), blocks };
}
