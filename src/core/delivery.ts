// What the bot sends beyond the reply to a command: announcements in coalition channels, notices
// to people, mirrored events on platforms, reminders and digests. All of it is written to the
// outbox (inside the command's or the job's transaction) and sent by the Courier, through the
// platform where each reader is, once per key.
import { randomUUID } from 'node:crypto';
import type {
  BoundServices,
  ClaimedMessage,
  MailReader,
  MeetingView,
  OutboxItem,
  Reader,
  SentRef,
  Services,
} from '../services/index.ts';
import { meetingSubject, OutboxKey } from '../services/index.ts';
import { translator, type Locale, type Translate } from './i18n/index.ts';
import { calendarPart, invitationMail, bouncedNotice } from './mail-cards.ts';
import { calendarTemplate, itipMessage } from './itip.ts';
import { toIcs } from './ics.ts';
import type { Logger } from './log.ts';
import {
  AddressRejectedError,
  PermanentDeliveryError,
  type Address,
  type MirroredEvent,
  type Outgoing,
  type Platform,
} from './platform.ts';
import { reviveReply, type Reply } from './reply.ts';

/** The outbox payloads: a message to render, or an event to mirror. */
export type Payload = ({ type: 'message' } & Outgoing) | { type: 'mirror'; event: MirroredEvent };

/** Channels the secretariat names per space with /coalition settings. */
export type ChannelRole = 'learnings' | 'announcements' | 'digest';

/** The running platforms, by name. */
export type Platforms = ReadonlyMap<string, Platform>;

/** The platform that carries mail (src/adapters/mail): outbox rows aimed at an address go to it. */
export const MAIL_PLATFORM = 'EMAIL';

/** A message written for each reader, in their language and zone. */
export const messageFor = (
  reader: { locale: Locale; timeZone: string },
  reply: Reply,
  o: { unsubscribe?: string } = {},
): Payload => ({
  type: 'message',
  reply,
  locale: reader.locale,
  timeZone: reader.timeZone,
  ...(o.unsubscribe ? { unsubscribe: o.unsubscribe } : {}),
});

/**
 * Side effects of a command, available to handlers as `ctx.deliver`: each call writes to the
 * outbox in the command's transaction, so a failed command sends nothing.
 */
export interface Deliveries {
  /** One message to each person, in their own language and zone, once per key. */
  toPeople(
    people: Reader[],
    o: { kind: string; key: (personId: number) => string },
    build: (t: Translate, reader: Reader) => Reply,
  ): Promise<number>;
  /** A public copy of a record in the coalition's channel for `role`, in every space that set one. */
  announce(role: ChannelRole, record: string, build: (t: Translate) => Reply): Promise<number>;
  /** Keeps the platforms' own copies of an event (Discord scheduled events) in step. */
  mirror(event: MirroredEvent): Promise<number>;
  /**
   * One mail to each person at their address on record, in their language and zone, once per
   * key. It leaves only while the address is still theirs and confirmed (`pending`: the code).
   */
  mail(
    people: MailReader[],
    o: { kind: string; key: (personId: number) => string },
    build: (t: Translate, reader: MailReader) => Reply,
  ): Promise<number>;
  /**
   * Keeps people's own calendars in step with a meeting, by mail (iTIP): an invitation to those
   * who said yes or maybe and want invitations, an update when it changed, a cancellation when it
   * is cancelled or they said no. Only what changed since the last mail is sent. `people` limits
   * it to some (the person who just answered).
   */
  invitations(meeting: MeetingView, o?: { people?: number[] }): Promise<number>;
}

export function deliveries(
  services: BoundServices,
  coalition: { id: number; name: string; locale: Locale; timezone: string },
  platforms: Platforms,
  now: () => Date = () => new Date(),
): Deliveries {
  return {
    async toPeople(people, o, build) {
      const items: OutboxItem[] = people.map((reader) => ({
        coalitionId: coalition.id,
        key: o.key(reader.personId),
        kind: o.kind,
        target: { kind: 'person', personId: reader.personId },
        payload: messageFor(reader, build(translator(reader.locale), reader)),
      }));
      return services.outbox.enqueue(items);
    },

    async announce(role, record, build) {
      const reply = build(translator(coalition.locale));
      const items: OutboxItem[] = [];
      for (const space of await services.delivery.spaces(coalition.id)) {
        const channelId = space.channels[role];
        if (!channelId) continue;
        items.push({
          coalitionId: coalition.id,
          key: OutboxKey.announce(coalition.id, record, space.platform, space.spaceId, channelId),
          kind: `announce.${role}`,
          target: { kind: 'channel', platform: space.platform, spaceId: space.spaceId, channelId },
          payload: messageFor({ locale: coalition.locale, timeZone: coalition.timezone }, reply),
        });
      }
      return services.outbox.enqueue(items);
    },

    async mirror(event) {
      const items: OutboxItem[] = [];
      for (const space of await services.delivery.spaces(coalition.id)) {
        if (!platforms.get(space.platform)?.capabilities.events) continue;
        items.push({
          coalitionId: coalition.id,
          key: OutboxKey.mirror(event.subject, event.version, space.platform, space.spaceId),
          kind: 'mirror',
          target: { kind: 'space', platform: space.platform, spaceId: space.spaceId },
          payload: { type: 'mirror', event } satisfies Payload,
        });
      }
      return services.outbox.enqueue(items);
    },

    async mail(people, o, build) {
      const items: OutboxItem[] = people.map((reader) => ({
        coalitionId: coalition.id,
        key: o.key(reader.personId),
        kind: o.kind,
        target: {
          kind: 'mail',
          personId: reader.personId,
          address: reader.address,
          ...(reader.pending ? { pending: true } : {}),
        },
        payload: messageFor(reader, build(translator(reader.locale), reader)),
      }));
      return services.outbox.enqueue(items);
    },

    async invitations(meeting, o = {}) {
      const subject = meetingSubject(meeting.id);
      const changes = await services.invitations.reconcile(
        {
          subject,
          meetingId: meeting.id,
          coalitionId: coalition.id,
          uid: meeting.uid,
          sequence: meeting.sequence,
          cancelled: Boolean(meeting.cancelledAt),
          endsAt: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
        },
        o.people,
      );
      if (changes.length === 0) return 0;
      // One calendar for the change, made by the same builder as /meeting ics; each attendee's
      // copy differs only in METHOD, ATTENDEE and SEQUENCE.
      const template = calendarTemplate(toIcs(meeting, coalition.name));
      const organizer = { address: services.mail.sender(), name: coalition.name };
      const stamp = now();
      const items: OutboxItem[] = changes.map((c) => {
        const ics = itipMessage(template, {
          method: c.method,
          organizer,
          attendee: { address: c.reader.address, name: c.name, status: c.partstat },
          sequence: c.sequence,
          stamp,
        });
        const reply = invitationMail(translator(c.reader.locale), meeting, c, {
          coalition: coalition.name,
          calendar: calendarPart(c.method, ics),
        });
        return {
          coalitionId: coalition.id,
          key: OutboxKey.invitation(subject, c.reader.personId, c.sequence),
          kind: `mail.invitation.${c.reason}`,
          target: { kind: 'mail', personId: c.reader.personId, address: c.reader.address },
          payload: messageFor(c.reader, reply),
        };
      });
      return services.outbox.enqueue(items);
    },
  };
}

/** A payload read back from the outbox (older rows have no `type`; instants become Dates). */
function readPayload(raw: unknown): Payload {
  const p = raw as Partial<Payload> & Record<string, unknown>;
  if (p.type === 'mirror') {
    const e = p.event as MirroredEvent;
    return { type: 'mirror', event: { ...e, startsAt: new Date(e.startsAt), endsAt: new Date(e.endsAt) } };
  }
  const m = p as Outgoing;
  return {
    type: 'message',
    reply: reviveReply(m.reply),
    locale: m.locale,
    timeZone: m.timeZone,
    ...(m.unsubscribe ? { unsubscribe: m.unsubscribe } : {}),
  };
}

/**
 * Sends what the outbox holds through the platform where each reader is; marks each sent, or
 * failed (retried with backoff, or given up when the platform says it can never work).
 */
export class Courier {
  /** Deliveries in this process run one after another (claims keep instances apart). */
  private queue: Promise<unknown> = Promise.resolve();
  private kicked = false;

  constructor(
    private readonly services: Services,
    private readonly platforms: Platforms,
    private readonly log: Logger,
  ) {}

  /** Sends everything due now; waits for a delivery already under way in this process first. */
  deliver(limit = 200): Promise<{ sent: number; failed: number }> {
    const run = this.queue.then(() => this.drainOutbox(limit));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Delivers soon, in the background, after a command wrote to the outbox (announcements and
   * notices need not wait for the next minute). Kicks while one is waiting coalesce.
   */
  kick(): void {
    if (this.kicked) return;
    this.kicked = true;
    const run = this.queue.then(async () => {
      this.kicked = false;
      await this.drainOutbox(200).catch((error: unknown) =>
        this.log.error({ err: error, correlationId: randomUUID().slice(0, 8) }, 'outbox delivery failed'),
      );
    });
    this.queue = run;
  }

  /** Waits for deliveries under way (tests, shutdown). */
  async idle(): Promise<void> {
    let seen: Promise<unknown> | null = null;
    while (seen !== this.queue) {
      seen = this.queue;
      await seen;
    }
  }

  private async drainOutbox(limit: number): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (;;) {
      const batch = await this.services.outbox.claim(limit);
      for (const m of batch) {
        if (await this.one(m)) sent++;
        else failed++;
      }
      if (batch.length < limit) break;
    }
    return { sent, failed };
  }

  private async one(m: ClaimedMessage): Promise<boolean> {
    try {
      const payload = readPayload(m.payload);
      const ref =
        payload.type === 'mirror' ? await this.mirror(m, payload.event) : await this.send(m, payload);
      await this.services.outbox.sent(m.id, ref ?? undefined);
      return true;
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryError;
      if (error instanceof AddressRejectedError && m.target.kind === 'mail')
        await this.bounced(m.coalitionId, m.target.personId, m.target.address).catch((e: unknown) =>
          this.log.error({ job: 'outbox', key: m.key, err: e }, 'could not record a refused address'),
        );
      await this.services.outbox.failed(
        m.id,
        m.attempts,
        (error as Error).message ?? String(error),
        permanent,
      );
      this.log.warn(
        { job: 'outbox', key: m.key, attempts: m.attempts, permanent, err: error },
        'outbox delivery failed',
      );
      return false;
    }
  }

  /**
   * An address refused mail for good: it is marked (nothing more is sent to it) and its owner is
   * told in chat, once, in their language.
   */
  private async bounced(coalitionId: number, personId: number, address: string): Promise<void> {
    const queued = await this.services.transaction(async (s) => {
      const marked = await s.mail.markUndeliverable(personId, address);
      const [reader] = marked ? await s.people.readers([personId]) : [];
      if (!marked || !reader) return 0;
      return s.outbox.enqueue([
        {
          coalitionId,
          key: OutboxKey.mailBounced(personId, marked.at),
          kind: 'mail.bounced',
          target: { kind: 'person', personId },
          payload: messageFor(reader, bouncedNotice(translator(reader.locale), address)),
        },
      ]);
    });
    if (queued > 0) this.kick();
  }

  private platform(name: string): Platform {
    const platform = this.platforms.get(name);
    if (!platform) throw new PermanentDeliveryError(`no ${name} adapter running`);
    return platform;
  }

  private async send(m: ClaimedMessage, message: Outgoing): Promise<SentRef> {
    let address: Address;
    if (m.target.kind === 'channel') {
      address = { platform: m.target.platform, spaceId: m.target.spaceId, channelId: m.target.channelId };
    } else if (m.target.kind === 'person') {
      const contact = (await this.services.delivery.contacts(m.target.personId)).find((c) =>
        this.platforms.has(c.platform),
      );
      if (!contact) throw new PermanentDeliveryError('person not reachable on any running platform');
      address = { platform: contact.platform, spaceId: contact.spaceId, userId: contact.userId };
    } else if (m.target.kind === 'mail') {
      // Checked now, not when queued: an address removed or changed since never gets it.
      const { personId, address: to, pending } = m.target;
      if (!(await this.services.mail.mayReceive(personId, to, pending ?? false)))
        throw new PermanentDeliveryError('the address is no longer confirmed for this person');
      address = { platform: MAIL_PLATFORM, spaceId: String(m.coalitionId), userId: to };
    } else {
      throw new PermanentDeliveryError('a message needs a person or a channel');
    }
    const platform = this.platform(address.platform);
    if (m.threadOf && platform.capabilities.threads) {
      const parent = await this.services.outbox.sentRef(m.threadOf);
      if (parent && parent.platform === address.platform && parent.spaceId === address.spaceId) {
        address = { ...address, thread: { channelId: parent.channelId, messageId: parent.messageId } };
      }
    }
    const ref = await platform.send(address, message);
    return { platform: address.platform, spaceId: address.spaceId, ...ref };
  }

  /** Applies a mirrored event unless a newer version was applied already (changes can arrive late). */
  private async mirror(m: ClaimedMessage, event: MirroredEvent): Promise<null> {
    if (m.target.kind !== 'space') throw new PermanentDeliveryError('a mirrored event needs a space');
    const { platform: name, spaceId } = m.target;
    const key = { subject: event.subject, platform: name, spaceId };
    const known = await this.services.delivery.mirror(event.subject, name, spaceId);
    if (known && known.version >= event.version) return null;
    // Nothing to cancel on the platform: remember the version so an older "create" stays ignored.
    const externalId =
      event.cancelled && !known?.externalId
        ? null
        : ((await this.platform(name).mirror?.(spaceId, event, known?.externalId ?? null)) ?? null);
    await this.services.delivery.recordMirror(m.coalitionId, key, { externalId, version: event.version });
    return null;
  }
}
