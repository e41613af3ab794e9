import type { ServiceDeps } from './context.ts';
import type { PlatformName } from './types.ts';

/**
 * Where an outbox message goes: a person (wherever they are reachable in chat), a person's mail
 * address (sent only while it is still theirs and confirmed; `pending`: the code to confirm it),
 * a channel, or a space.
 */
export type OutboxTarget =
  | { kind: 'person'; personId: number }
  | { kind: 'mail'; personId: number; address: string; pending?: boolean }
  | { kind: 'channel'; platform: PlatformName; spaceId: string; channelId: string }
  | { kind: 'space'; platform: PlatformName; spaceId: string };

export interface OutboxItem {
  coalitionId: number;
  /** Unique: the same key is never sent twice. Build it with OutboxKey. */
  key: string;
  kind: string;
  target: OutboxTarget;
  /** JSON-serialisable: a message (neutral reply, locale, zone) or a mirrored event. */
  payload: unknown;
  notBefore?: Date;
  /** The key of an earlier message this one follows up: sent in its thread where possible. */
  threadOf?: string;
}

export interface ClaimedMessage {
  id: number;
  coalitionId: number;
  key: string;
  kind: string;
  attempts: number;
  target: OutboxTarget;
  payload: unknown;
  threadOf: string | null;
}

export interface SentRef {
  platform: PlatformName;
  spaceId: string;
  channelId: string;
  messageId: string;
}

const MAX_ATTEMPTS = 8;
/** A claim older than this is taken to belong to a process that died before sending. */
export const STALE_CLAIM_MS = 2 * 60 * 1000;

export function outboxService({ db, clock }: ServiceDeps) {
  return {
    /** Writes messages not already in the outbox; returns how many were new. */
    async enqueue(items: OutboxItem[]): Promise<number> {
      if (items.length === 0) return 0;
      let added = 0;
      // Existing keys are skipped in one read, then each new key is an upsert: a racing writer
      // with the same key makes it a no-op instead of an error (which would abort a PG transaction).
      for (let i = 0; i < items.length; i += 500) {
        const chunk = items.slice(i, i + 500);
        const existing = new Set(
          (
            await db.outboxMessage.findMany({
              where: { key: { in: chunk.map((x) => x.key) } },
              select: { key: true },
            })
          ).map((r) => r.key),
        );
        for (const item of chunk) {
          if (existing.has(item.key)) continue;
          existing.add(item.key);
          await db.outboxMessage.upsert({
            where: { key: item.key },
            create: {
              coalitionId: item.coalitionId,
              key: item.key,
              kind: item.kind,
              target: JSON.stringify(item.target),
              payload: JSON.stringify(item.payload),
              threadOf: item.threadOf ?? null,
              notBefore: item.notBefore ?? clock.now(),
              createdAt: clock.now(),
            },
            update: {},
          });
          added++;
        }
      }
      return added;
    },

    /** Keys already written among these (sent or not). */
    async existingKeys(keys: string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (let i = 0; i < keys.length; i += 1000) {
        const rows = await db.outboxMessage.findMany({
          where: { key: { in: keys.slice(i, i + 1000) } },
          select: { key: true },
        });
        for (const r of rows) found.add(r.key);
      }
      return found;
    },

    /**
     * Claims messages ready to send: pending ones whose time has come, and claims left behind by a
     * process that died before sending. Each claim is a conditional update, so one sender wins.
     */
    async claim(limit: number): Promise<ClaimedMessage[]> {
      const now = clock.now();
      const stale = new Date(now.getTime() - STALE_CLAIM_MS);
      const rows = await db.outboxMessage.findMany({
        where: {
          OR: [
            { status: 'PENDING', notBefore: { lte: now } },
            { status: 'SENDING', notBefore: { lte: stale } },
          ],
        },
        orderBy: [{ notBefore: 'asc' }, { id: 'asc' }],
        take: limit,
      });
      const claimed: ClaimedMessage[] = [];
      for (const r of rows) {
        const won = await db.outboxMessage.updateMany({
          where: { id: r.id, status: r.status, notBefore: r.notBefore },
          data: { status: 'SENDING', notBefore: now, attempts: { increment: 1 } },
        });
        if (won.count === 1)
          claimed.push({
            id: r.id,
            coalitionId: r.coalitionId,
            key: r.key,
            kind: r.kind,
            attempts: r.attempts + 1,
            target: JSON.parse(r.target) as OutboxTarget,
            payload: JSON.parse(r.payload),
            threadOf: r.threadOf,
          });
      }
      return claimed;
    },

    async sent(id: number, ref?: SentRef): Promise<void> {
      await db.outboxMessage.update({
        where: { id },
        data: {
          status: 'SENT',
          sentAt: clock.now(),
          lastError: null,
          sentRef: ref ? JSON.stringify(ref) : null,
        },
      });
    },

    /** Where the platform put a message that was sent (null: not sent, or sent nowhere to reply). */
    async sentRef(key: string): Promise<SentRef | null> {
      const row = await db.outboxMessage.findUnique({ where: { key }, select: { sentRef: true } });
      return row?.sentRef ? (JSON.parse(row.sentRef) as SentRef) : null;
    },

    /** A transient failure waits longer each time; a permanent one (user gone, DMs closed) stops. */
    async failed(id: number, attempts: number, error: string, permanent: boolean): Promise<void> {
      const giveUp = permanent || attempts >= MAX_ATTEMPTS;
      const delay = Math.min(60 * 60_000, 30_000 * 2 ** (attempts - 1));
      await db.outboxMessage.update({
        where: { id },
        data: {
          status: giveUp ? 'FAILED' : 'PENDING',
          lastError: error.slice(0, 500),
          notBefore: new Date(clock.now().getTime() + (giveUp ? 0 : delay)),
        },
      });
    },

    async counts(): Promise<Record<string, number>> {
      const groups = await db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } });
      return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
    },
  };
}
