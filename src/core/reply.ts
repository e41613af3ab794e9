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
  /**
   * A public copy for the coalition's channel (e.g. a learning card for the learnings channel),
   * posted by adapters that know that channel.
   */
  announce?: { channel: 'learnings' | 'announcements'; reply: Reply };
  /** When a button press produced this reply, adapters may replace the pressed message with it. */
  replaces?: boolean;
  /** Records the command changed that a platform may mirror (Discord's scheduled events). */
  effects?: Effect[];
}

export interface MeetingEffect {
  kind: 'meeting';
  number: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** The join link or the place. */
  location: string;
  description?: string;
  cancelled: boolean;
  /** The platform's mirror of it, if one was made. */
  externalEventId: string | null;
}
export type Effect = MeetingEffect;

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
