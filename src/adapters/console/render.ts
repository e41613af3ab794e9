// Neutral reply → terminal text. Pure, so it is tested against exact strings. Member text cannot
// move the cursor, recolour the terminal or reverse what follows: controls and bidi overrides are
// shown as �, and a title stays on one line.
import type { Outgoing } from '../../core/platform.ts';
import { renderSpans, type RichText } from '../../core/reply.ts';
import { neutralize } from '../../core/text.ts';
import { formatInstant } from '../../core/time.ts';

export interface TextOptions {
  color: boolean;
  /** Number of the first button (buttons of earlier replies keep theirs). */
  firstButton?: number;
  /** Where each attachment was saved, by file name. */
  saved?: Record<string, string>;
}

const ANSI = {
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
  reset: '\x1b[0m',
};
const TONE_COLOR = { info: ANSI.cyan, success: ANSI.green, warning: ANSI.yellow, error: ANSI.red } as const;
const TONE_MARK = { info: '•', success: '✓', warning: '!', error: '✗' } as const;

// Tabs become spaces too: nothing but our own colours and line breaks reaches the terminal.
const safe = (s: string) => neutralize(s.replace(/\t/g, ' '));
const oneLine = (s: string) => safe(s.replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' '));

export function toText(message: Outgoing, o: TextOptions): string {
  const { reply } = message;
  const paint = (code: string, s: string) => (o.color ? `${code}${s}${ANSI.reset}` : s);
  const flat = (text: RichText) =>
    safe(
      renderSpans(text, {
        time: (at) => formatInstant(at, message.locale, message.timeZone),
        link: (url, label) => (label ? `${label} <${url}>` : url),
      }),
    );
  const out: string[] = [];
  const tone = reply.tone ?? 'info';
  if (reply.title)
    out.push(paint(ANSI.bold + TONE_COLOR[tone], `${TONE_MARK[tone]} ${oneLine(reply.title)}`));
  for (const line of reply.lines ?? []) out.push(`  ${flat(line).replace(/\n/g, '\n  ')}`);
  if (reply.fields?.length) {
    const labels = reply.fields.map((f) => oneLine(f.label));
    const width = Math.max(...labels.map((l) => l.length));
    reply.fields.forEach((f, i) =>
      out.push(`  ${paint(ANSI.dim, labels[i]!.padEnd(width))}  ${flat(f.value).replace(/\n/g, ' ')}`),
    );
  }
  for (const a of reply.attachments ?? [])
    out.push(paint(ANSI.dim, `  📎 ${oneLine(o.saved?.[a.filename] ?? a.filename)}`));
  if (reply.buttons?.length) {
    const first = o.firstButton ?? 1;
    out.push(
      `  ${reply.buttons
        .map((b, i) =>
          paint(b.style === 'danger' ? ANSI.red : ANSI.cyan, `[${first + i}] ${oneLine(b.label)}`),
        )
        .join('  ')}`,
    );
  }
  if (reply.footer) out.push(paint(ANSI.dim, `  ${oneLine(reply.footer)}`));
  return out.join('\n');
}
