// Neutral reply → Slack Block Kit. Pure, tested against exact JSON. Times become Slack date tokens
// so every reader sees their own zone. Member text is escaped everywhere Slack parses markup (the
// top-level `text` included, which notifications and previews use), so it cannot mention anyone,
// link to a channel or disguise a link; mrkdwn objects are `verbatim`, so Slack does not turn plain
// words such as @channel or #general into mentions either. Only http(s) links become links.
import type { Outgoing } from '../../core/platform.ts';
import { renderSpans, type Button, type RichText } from '../../core/reply.ts';
import { cut } from '../../core/text.ts';
import { formatInstant } from '../../core/time.ts';

export type Block = Record<string, unknown>;
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** `&`, `<` and `>` escaped: enough to make `<!channel>`, `<@U1>` and `<url|label>` inert. */
export const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Reader = Pick<Outgoing, 'locale' | 'timeZone'>;

export function slackDate(at: Date, reader: Reader): string {
  const unix = Math.floor(at.getTime() / 1000);
  // The fallback (where tokens are not rendered) is in the reader's own zone.
  return `<!date^${unix}^{date_short_pretty} {time}|${escape(formatInstant(at, reader.locale, reader.timeZone))}>`;
}

const safeUrl = (url: string) =>
  url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\s/g, '%20');
/** Only web links are links: anything else (`!channel`, `@U1`, `javascript:`) is shown as text. */
const isWebLink = (url: string) => /^https?:\/\/[^\s]/i.test(url);

export function mrkdwn(text: RichText, reader: Reader): string {
  return renderSpans(
    typeof text === 'string' ? escape(text) : text.map((s) => (typeof s === 'string' ? escape(s) : s)),
    {
      time: (at) => slackDate(at, reader),
      link: (url, label) =>
        isWebLink(url)
          ? `<${safeUrl(url)}${label ? `|${escape(label)}` : ''}>`
          : escape(label ? `${label} (${url})` : url),
    },
  );
}

/** A mrkdwn text object Slack shows as given: no automatic mentions or channel links. */
const md = (text: string): Block => ({ type: 'mrkdwn', text, verbatim: true });

/** The top-level `text`: plain words, but Slack still parses it, so it is escaped too. */
const plain = (text: RichText, reader: Reader) =>
  escape(
    renderSpans(text, {
      time: (at) => formatInstant(at, reader.locale, reader.timeZone),
      link: (url, label) => (label ? `${label} (${url})` : url),
    }),
  );

/** What a button carries back: the command to run, as typed input; `r` when it refreshes its card. */
export interface ButtonValue {
  c: string;
  s: string;
  i: Record<string, string>;
  r?: 1;
}

export const buttonElement = (b: Button, index: number): Block => ({
  type: 'button',
  action_id: `docket:${index}`,
  text: { type: 'plain_text', text: cut(b.label, 75), emoji: true },
  value: JSON.stringify({
    c: b.command,
    s: b.sub,
    i: b.input,
    ...(b.refresh ? { r: 1 } : {}),
  } satisfies ButtonValue),
  ...(b.style ? { style: b.style } : {}),
});

const LIMIT = 3000;

/**
 * Where a long mrkdwn text can be cut at or before `max`: never inside a `<…>` token or an `&…;`
 * entity, at the last space when there is one.
 */
function safeCut(text: string, max: number): number {
  let safe = 0;
  let space = 0;
  let open: '<' | '&' | null = null;
  for (let i = 0; i < Math.min(text.length, max); i++) {
    const c = text[i]!;
    if (open === '<' && c === '>') open = null;
    else if (open === '&' && c === ';') open = null;
    else if (!open && (c === '<' || c === '&')) open = c;
    if (!open) {
      safe = i + 1;
      if (/\s/.test(c)) space = i + 1;
    }
  }
  return space > max / 2 ? space : safe || max;
}

/** Lines joined into sections of at most 3000 characters, never splitting markup. */
function sections(lines: string[]): Block[] {
  const pieces: string[] = [];
  for (let line of lines) {
    while (line.length > LIMIT) {
      const at = safeCut(line, LIMIT);
      pieces.push(line.slice(0, at));
      line = line.slice(at);
    }
    pieces.push(line);
  }
  const out: Block[] = [];
  let current: string | null = null;
  for (const piece of pieces) {
    if (current !== null && current.length + 1 + piece.length > LIMIT) {
      out.push({ type: 'section', text: md(current) });
      current = null;
    }
    current = current === null ? piece : `${current}\n${piece}`;
  }
  if (current) out.push({ type: 'section', text: md(current) });
  return out;
}

export function toBlockKit(message: Outgoing): SlackMessage {
  const { reply } = message;
  const blocks: Block[] = [];
  if (reply.title)
    blocks.push({ type: 'header', text: { type: 'plain_text', text: cut(reply.title, 150), emoji: true } });
  blocks.push(...sections((reply.lines ?? []).map((l) => mrkdwn(l, message))));
  const fields = reply.fields ?? [];
  for (let i = 0; i < fields.length; i += 10) {
    blocks.push({
      type: 'section',
      fields: fields
        .slice(i, i + 10)
        .map((f) => md(cut(`*${escape(f.label)}*\n${mrkdwn(f.value, message)}`, 2000))),
    });
  }
  const buttons = reply.buttons ?? [];
  for (let i = 0; i < buttons.length; i += 25)
    blocks.push({
      type: 'actions',
      elements: buttons.slice(i, i + 25).map((b, j) => buttonElement(b, i + j)),
    });
  if (reply.footer) blocks.push({ type: 'context', elements: [md(escape(reply.footer))] });
  const text =
    [reply.title ? escape(reply.title) : '', ...(reply.lines ?? []).map((l) => plain(l, message))]
      .filter(Boolean)
      .join('\n') || ' ';
  return { text: cut(text, 3000), blocks };
}

/** A button's value read back; null when it is not one of ours (an old or foreign message). */
export function readButtonValue(raw: string | undefined): ButtonValue | null {
  try {
    const v = JSON.parse(raw ?? '') as ButtonValue;
    return typeof v.c === 'string' && typeof v.s === 'string' && typeof v.i === 'object' && v.i !== null
      ? v
      : null;
  } catch {
    return null;
  }
}
