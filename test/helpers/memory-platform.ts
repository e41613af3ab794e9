// The test-only platform: it implements the contract in memory and records everything the core
// asks of it (messages sent on the bot's own, updates, mirrored events, replies and forms).
import type { Docket } from '../../src/core/docket.ts';
import {
  PermanentDeliveryError,
  type Address,
  type Conversation,
  type Form,
  type FormLimits,
  type InboundEvent,
  type MessageRef,
  type MirroredEvent,
  type Outgoing,
  type Platform,
} from '../../src/core/platform.ts';

export interface Sent {
  to: Address;
  message: Outgoing;
  ref: MessageRef;
}

/** What one conversation received from the core. */
export class Answers {
  replies: { message: Outgoing; replace: boolean }[] = [];
  forms: Form[] = [];
  rejected: Record<string, string>[] = [];
  get last(): Outgoing | undefined {
    return this.replies.at(-1)?.message;
  }
}

export class MemoryPlatform implements Platform {
  readonly capabilities: { threads: boolean; events: boolean };
  sent: Sent[] = [];
  updates: { spaceId: string; ref: MessageRef; message: Outgoing }[] = [];
  mirrors: { spaceId: string; event: MirroredEvent; existingId: string | null }[] = [];
  /** Errors to throw from the next sends, in order. */
  failNext: Error[] = [];
  private next = 0;

  private readonly formLimits: FormLimits | null;

  constructor(
    readonly name = 'MEMORY',
    o: { threads?: boolean; events?: boolean; forms?: FormLimits | null } = {},
  ) {
    this.capabilities = { threads: o.threads ?? true, events: o.events ?? true };
    this.formLimits = o.forms === undefined ? { maxFields: 50, compact: false } : o.forms;
  }

  async send(to: Address, message: Outgoing): Promise<MessageRef> {
    const failure = this.failNext.shift();
    if (failure) throw failure;
    if (to.userId === 'gone') throw new PermanentDeliveryError('memory: no such person');
    const ref = { channelId: to.channelId ?? `D-${to.userId}`, messageId: String(++this.next) };
    this.sent.push({ to, message, ref });
    return ref;
  }

  async update(spaceId: string, ref: MessageRef, message: Outgoing): Promise<void> {
    this.updates.push({ spaceId, ref, message });
  }

  async mirror(spaceId: string, event: MirroredEvent, existingId: string | null): Promise<string | null> {
    this.mirrors.push({ spaceId, event, existingId });
    return existingId ?? `event-${this.mirrors.length}`;
  }

  async start() {}
  async stop() {}

  /** Messages sent to one person. */
  to(userId: string) {
    return this.sent.filter((s) => s.to.userId === userId);
  }
  /** Direct messages only. */
  get people() {
    return this.sent.filter((s) => s.to.userId !== undefined);
  }

  /** Hands one event to the core and returns what it answered. */
  async handle(docket: Docket, event: InboundEvent): Promise<Answers> {
    const answers = new Answers();
    const conversation: Conversation = {
      reply: async (message, how) => void answers.replies.push({ message, replace: how.replace }),
      rejectForm: async (errors) => void answers.rejected.push(errors),
      ...(this.formLimits
        ? { forms: { limits: this.formLimits, open: async (form) => void answers.forms.push(form) } }
        : {}),
    };
    await docket.handle(event, conversation);
    return answers;
  }
}
