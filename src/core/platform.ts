// The contract every chat platform implements (Slack, Discord, the console, a test platform).
// Adapters translate in both directions and decide nothing: a native request becomes one neutral
// InboundEvent handed to the core with a Conversation to answer on; a neutral Reply becomes a
// native message. The core decides what happens after a command: forms, replacement, files,
// announcements, notices and mirrored events (through the outbox).
import type { FieldInfo } from './fields.ts';
import type { Locale } from './i18n/index.ts';
import type { Reply } from './reply.ts';

/** A platform's name as stored with identities and spaces: `SLACK`, `DISCORD`, `CONSOLE`… */
export type PlatformName = string;

/** Who is speaking, where, as the platform reports it. */
export interface Speaker {
  platform: PlatformName;
  /** The workspace (Slack team), server (Discord guild) or console the request came from. */
  spaceId: string;
  userId: string;
  displayName: string;
  /** The platform's idea of the person's language and zone (a /member profile overrides them). */
  localeHint?: string;
  timezoneHint?: string;
  channelId?: string;
}

/** What a button carries back: the command it runs, as if typed. */
export interface ButtonPress {
  command: string;
  sub: string;
  input: Record<string, string>;
  /** The button acts on the card it sits on (see Button.refresh). */
  refresh: boolean;
}

/** A submitted form's context, round-tripped by the adapter (Slack private_metadata…). */
export interface FormState {
  command: string;
  sub: string;
  channelId?: string;
  /** Inputs given before the form opened that the form does not show. */
  hidden: Record<string, unknown>;
}

/** A message someone posted, as platforms hand it to a message action ("Save as learning"). */
export interface SourceMessage {
  text: string;
  /** A permalink to the message, where the platform gives one. */
  link?: string;
}

/** One neutral event per native request. */
export type InboundEvent = Speaker &
  (
    | {
        kind: 'command';
        command: string;
        /** Given by typed platforms (Discord); otherwise the first word of `text`. */
        sub?: string;
        /** Slash text after the command (Slack, console). */
        text?: string;
        /** Typed inputs (Discord options). */
        input?: Record<string, unknown>;
      }
    | { kind: 'form'; form: FormState; input: Record<string, unknown> }
    /** `button` null: a button the adapter could not read (an old or foreign message). */
    | { kind: 'button'; button: ButtonPress | null; source: { ephemeral: boolean } }
    | { kind: 'message-action'; message: SourceMessage }
  );

/** A reply rendered in its reader's language and zone. */
export interface Outgoing {
  reply: Reply;
  locale: Locale;
  timeZone: string;
  /**
   * The reader subscribed to this kind of message (the digest by mail): the link that stops it in
   * one click (RFC 8058). Mail turns it into List-Unsubscribe headers; chat platforms ignore it.
   */
  unsubscribe?: string;
}

/** What a platform's forms can hold. */
export interface FormLimits {
  maxFields: number;
  /**
   * Compact forms (Discord) show only what cannot be typed as an option: missing required inputs,
   * long text and pre-filled values. Full forms (Slack, console) show every input, pre-filled.
   */
  compact: boolean;
}

/** A form built from a sub-command's schema, labels in the reader's language. */
export interface Form {
  state: FormState;
  /** `/learning share` */
  title: string;
  description: string;
  submit: string;
  cancel: string;
  fields: FormField[];
  locale: Locale;
}

export interface FormField extends FieldInfo {
  label: string;
  /** What was typed or pre-filled, as text (lists comma-joined). */
  initial?: string;
  /** For choices: each value with its label. */
  options?: { value: string; label: string }[];
  placeholder?: string;
}

/** How the core answers the person behind one inbound event. */
export interface Conversation {
  /**
   * Answers: a new message (ephemeral or public as the reply says), or, with `replace`, the
   * message whose button was pressed, updated in place for everyone.
   */
  reply(message: Outgoing, how: { replace: boolean }): Promise<void>;
  /** Forms, where the platform has them and the request still allows one (a trigger lives 3 s). */
  forms?: { limits: FormLimits; open(form: Form): Promise<void> };
  /** A submitted form failed validation: shows each problem next to its field. */
  rejectForm?(errors: Record<string, string>): Promise<void>;
  /** The core is about to run the command (no form will open now): a platform may defer here. */
  working?(): Promise<void>;
}

/** Where a message sent on the bot's own goes: every destination names its workspace. */
export type Address = { platform: PlatformName; spaceId: string; thread?: MessageRef } & (
  { channelId: string; userId?: undefined } | { userId: string; channelId?: undefined }
);

/** A message the platform holds, to update it or to reply in its thread. */
export interface MessageRef {
  channelId: string;
  messageId: string;
}

/** A calendar event mirrored as a platform's own object (Discord scheduled events). */
export interface MirroredEvent {
  /** What it mirrors, e.g. `meeting:12`; one object per subject and space. */
  subject: string;
  /** Grows with every change (the meeting's SEQUENCE): late, older changes are ignored. */
  version: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** The join link or the place. */
  location: string;
  description?: string;
  cancelled: boolean;
}

export interface Capabilities {
  /** Messages in a thread under an earlier one (reminder follow-ups). */
  threads: boolean;
  /** Keeps calendar events as the platform's own objects. */
  events: boolean;
}

export interface Platform {
  readonly name: PlatformName;
  readonly capabilities: Capabilities;
  /** Sends a message on the bot's own (reminders, notices, announcements, digests). */
  send(to: Address, message: Outgoing): Promise<MessageRef>;
  /** Replaces a message the bot sent. */
  update(spaceId: string, ref: MessageRef, message: Outgoing): Promise<void>;
  /** Creates, moves or cancels the platform's copy of an event; returns its id (null: none kept). */
  mirror?(spaceId: string, event: MirroredEvent, existingId: string | null): Promise<string | null>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The platform said this can never succeed (user gone, DMs closed, channel deleted): stop trying. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/**
 * The address itself can never receive (mail refused with a 5xx for the recipient): stop trying
 * it for every message, and tell its owner where they can read.
 */
export class AddressRejectedError extends PermanentDeliveryError {
  override name = 'AddressRejectedError';
}
