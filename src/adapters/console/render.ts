// Neutral reply → terminal text. Pure, so it is tested against exact strings.
import type { Locale } from '../../core/i18n/index.ts';
import { renderSpans, type Reply, type RichText } from '../../core/reply.ts';
import { formatInstant } from '../../core/time.ts';

export interface TextOptions {
  locale: Locale;
  timeZone: string;
  color: boolean;
  /** Number of the first button (buttons of earlier replies keep theirs). */
  firstButton?: number;
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

export function toText(reply: Reply, o: TextOptions): string {
  const paint = (code: string, s: string) => (o.color ? `${code}${s}${ANSI.reset}` : s);
  const flat = (text: RichText) =>
    renderSpans(text, {
      time: (at) => formatInstant(at, o.locale, o.timeZone),
      link: (url, label) => (label ? `${label} <${url}>` : url),
    });
  const out: string[] = [];
  const tone = reply.tone ?? 'info';
  if (reply.title) out.push(paint(ANSI.bold + TONE_COLOR[tone], `${TONE_MARK[tone]} ${reply.title}`));
  for (const line of reply.lines ?? []) out.push(`  ${flat(line).replace(/\n/g, '\n  ')}`);
  if (reply.fields?.length) {
    const width = Math.max(...reply.fields.map((f) => f.label.length));
    for (const f of reply.fields) out.push(`  ${paint(ANSI.dim, f.label.padEnd(width))}  ${flat(f.value)}`);
  }
  for (const a of reply.attachments ?? []) {
    if (a.encoding === 'base64') {
      out.push(
        paint(
          ANSI.dim,
          `  ── ${a.filename} (${a.contentType}, ${Buffer.byteLength(a.content, 'base64')} bytes) ──`,
        ),
      );
      continue;
    }
    out.push(paint(ANSI.dim, `  ── ${a.filename} (${a.contentType}) ──`));
    out.push(a.content.replace(/\r\n/g, '\n').trimEnd());
    out.push(paint(ANSI.dim, '  ──'));
  }
  if (reply.buttons?.length) {
    const first = o.firstButton ?? 1;
    out.push(
      `  ${reply.buttons.map((b, i) => paint(b.style === 'danger' ? ANSI.red : ANSI.cyan, `[${first + i}] ${b.label}`)).join('  ')}`,
    );
  }
  if (reply.footer) out.push(paint(ANSI.dim, `  ${reply.footer}`));
  return out.join('\n');
}
