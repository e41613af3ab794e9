import { TZDate } from '@date-fns/tz';
import type { ServiceDeps } from './context.ts';
import type { IdentityKey, PlatformName } from './types.ts';

export interface ExchangeSeen {
  platform: PlatformName;
  spaceId: string;
  /** The platform's id of the event or message: a retried delivery is recorded once. */
  eventId: string;
  channelId: string;
  authorId: string;
  threaded: boolean;
  at: Date;
}

export const dayIn = (at: Date, zone: string) => {
  const d = new TZDate(at.getTime(), zone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The coalition's conversation, as metadata only: channel, day, organisation type, thread or not. */
export function exchangeService({ db }: ServiceDeps) {
  return {
    /** Records one message; false when it was already recorded or its space is unknown. */
    async record(e: ExchangeSeen): Promise<boolean> {
      const space = await db.chatSpace.findUnique({
        where: { platform_externalId: { platform: e.platform, externalId: e.spaceId } },
        include: { coalition: { select: { timezone: true } } },
      });
      if (!space) return false;
      const id: IdentityKey = { platform: e.platform, spaceId: e.spaceId, userId: e.authorId };
      const identity = await db.identity.findUnique({
        where: {
          coalitionId_platform_externalId: {
            coalitionId: space.coalitionId,
            platform: id.platform,
            externalId: id.userId,
          },
        },
        select: { person: { select: { organization: { select: { id: true, type: true } } } } },
      });
      const org = identity?.person.organization ?? null;
      try {
        await db.exchangeEvent.create({
          data: {
            coalitionId: space.coalitionId,
            platform: e.platform,
            eventId: e.eventId,
            channelId: e.channelId,
            orgType: org?.type ?? null,
            organizationId: org?.id ?? null,
            threaded: e.threaded,
            occurredAt: e.at,
            day: dayIn(e.at, space.coalition.timezone),
          },
        });
        return true;
      } catch {
        return false; // already recorded: a platform retry
      }
    },

    /**
     * Folds the messages of one coalition day into its per-channel counts, in one pass of grouped
     * queries; returns how many messages it folded (0: nothing left). Run each in a transaction.
     */
    async rollUpNextDay(): Promise<number> {
      const next = await db.exchangeEvent.findFirst({
        where: { rolledUp: false },
        select: { coalitionId: true, day: true },
        orderBy: [{ coalitionId: 'asc' }, { day: 'asc' }],
      });
      if (!next) return 0;
      const last = await db.exchangeEvent.findFirst({
        where: { rolledUp: false, ...next },
        select: { id: true },
        orderBy: { id: 'desc' },
      });
      const where = { rolledUp: false, ...next, id: { lte: last!.id } };
      const groups = await db.exchangeEvent.groupBy({
        by: ['channelId', 'orgType', 'threaded', 'organizationId'],
        where,
        _count: { _all: true },
      });
      const merged = new Map<
        string,
        { channelId: string; orgType: string; threaded: boolean; count: number; orgs: Set<number> }
      >();
      for (const g of groups) {
        const orgType = g.orgType ?? 'UNKNOWN';
        const k = `${g.channelId}|${orgType}|${g.threaded}`;
        const m = merged.get(k) ?? {
          channelId: g.channelId,
          orgType,
          threaded: g.threaded,
          count: 0,
          orgs: new Set<number>(),
        };
        m.count += g._count._all;
        if (g.organizationId !== null) m.orgs.add(g.organizationId);
        merged.set(k, m);
      }
      const existing = await db.exchangeDaily.findMany({
        where: { coalitionId: next.coalitionId, day: next.day },
      });
      for (const m of merged.values()) {
        const before = existing.find(
          (e) => e.channelId === m.channelId && e.orgType === m.orgType && e.threaded === m.threaded,
        );
        const orgs = [
          ...new Set([...(before?.organizations.split(',').filter(Boolean).map(Number) ?? []), ...m.orgs]),
        ]
          .sort((a, b) => a - b)
          .join(',');
        if (before)
          await db.exchangeDaily.update({
            where: { id: before.id },
            data: { count: { increment: m.count }, organizations: orgs },
          });
        else
          await db.exchangeDaily.create({
            data: {
              coalitionId: next.coalitionId,
              day: next.day,
              channelId: m.channelId,
              orgType: m.orgType,
              threaded: m.threaded,
              count: m.count,
              organizations: orgs,
            },
          });
      }
      const done = await db.exchangeEvent.updateMany({ where, data: { rolledUp: true } });
      return done.count;
    },
  };
}
