// The neutral reply every handler returns. Adapters render it (Block Kit, Discord messages, text);
// nothing here knows a platform.

/** A piece of rich text: plain text, an instant each reader sees in their own zone, or a link. */
export type Span = string | { time: Date } | { url: string; label?: string };
export type RichText = string | Span[];

export interface Field {
  label: string;
  value: RichText;
}

/**
 * A button runs a command with a fixed input, exactly as if typed: `meeting rsvp id:M3 answer:yes`.
 * One mechanism for every button on every platform.
 */
export interface Button {
  label: string;
  command: string;
  sub: string;
  input: Record<string, string>;
  style?: 'primary' | 'danger';
  /**
   * The button acts on the card it sits on (RSVP, "useful"): pressed on a shared message, the
   * card is replaced in place by the command's reply, for everyone. Other buttons answer apart.
   */
  refresh?: boolean;
}

export interface Attachment {
  filename: string;
  contentType: string;
  /** Text, or base64 for binary files (charts). */
  content: string;
  encoding?: 'utf8' | 'base64';
}

export const attachmentBytes = (a: Attachment): Buffer => Buffer.from(a.content, a.encoding ?? 'utf8');

export interface Reply {
  visibility: 'ephemeral' | 'public';
  tone?: 'info' | 'success' | 'warning' | 'error';
  title?: string;
  /** Paragraphs or list lines, in order. */
  lines?: RichText[];
  fields?: Field[];
  buttons?: Button[];
  attachments?: Attachment[];
  /** Small print: ids, hints. */
  footer?: string;
}

export const spansOf = (text: RichText): Span[] => (typeof text === 'string' ? [text] : text);

/** Flattens rich text with a renderer for times and links (each adapter supplies its own). */
export function renderSpans(
  text: RichText,
  render: { time: (at: Date) => string; link: (url: string, label?: string) => string },
): string {
  return spansOf(text)
    .map((s) => (typeof s === 'string' ? s : 'time' in s ? render.time(s.time) : render.link(s.url, s.label)))
    .join('');
}

/** A reply read back from JSON (the outbox): instants become Dates again. */
export function reviveReply(value: unknown): Reply {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) =>
    key === 'time' && typeof v === 'string' ? new Date(v) : v,
  ) as Reply;
}
