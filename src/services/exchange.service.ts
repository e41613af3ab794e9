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

const dayIn = (at: Date, zone: string) => {
  const d = new TZDate(at.getTime(), zone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The coalition's conversation, as metadata only: channel, day, organisation type, thread or not. */
export function exchangeService({ db }: ServiceDeps) {
  return {
    /** Records one message; false when it was already recorded or its space is unknown. */
    async record(e: ExchangeSeen): Promise<boolean> {
      const space = await db.chatSpace.findUnique({ where: { platform_externalId: { platform: e.platform, externalId: e.spaceId } } });
      if (!space) return false;
      const id: IdentityKey = { platform: e.platform, spaceId: e.spaceId, userId: e.authorId };
      const identity = await db.identity.findUnique({
        where: { coalitionId_platform_externalId: { coalitionId: space.coalitionId, platform: id.platform, externalId: id.userId } },
        select: { person: { select: { organization: { select: { id: true, type: true } } } } },
      });
      const org = identity?.person.organization ?? null;
      try {
        await db.exchangeEvent.create({
          data: { coalitionId: space.coalitionId, platform: e.platform, eventId: e.eventId, channelId: e.channelId, orgType: org?.type ?? null, organizationId: org?.id ?? null, threaded: e.threaded, occurredAt: e.at },
        });
        return true;
      } catch {
        return false; // already recorded: a platform retry
      }
    },

    /**
     * Folds one batch of recorded messages into per-day counts in the coalition's zone; returns how
     * many it folded (0: nothing left). Run each batch in a transaction: counts and flags move together.
     */
    async rollUpBatch(batch = 5000): Promise<number> {
      const rows = await db.exchangeEvent.findMany({ where: { rolledUp: false }, orderBy: { id: 'asc' }, take: batch });
      if (rows.length === 0) return 0;
      const zones = new Map((await db.coalition.findMany({ select: { id: true, timezone: true } })).map((c) => [c.id, c.timezone]));
      const groups = new Map<string, { coalitionId: number; day: string; channelId: string; orgType: string; threaded: boolean; count: number; orgs: Set<number> }>();
      for (const r of rows) {
        const day = dayIn(r.occurredAt, zones.get(r.coalitionId) ?? 'UTC');
        const orgType = r.orgType ?? 'UNKNOWN';
        const k = `${r.coalitionId}|${day}|${r.channelId}|${orgType}|${r.threaded}`;
        const g = groups.get(k) ?? { coalitionId: r.coalitionId, day, channelId: r.channelId, orgType, threaded: r.threaded, count: 0, orgs: new Set<number>() };
        g.count++;
        if (r.organizationId) g.orgs.add(r.organizationId);
        groups.set(k, g);
      }
      for (const g of groups.values()) {
        const where = { coalitionId_day_channelId_orgType_threaded: { coalitionId: g.coalitionId, day: g.day, channelId: g.channelId, orgType: g.orgType, threaded: g.threaded } };
        const existing = await db.exchangeDaily.findUnique({ where });
        const orgs = [...new Set([...(existing?.organizations.split(',').filter(Boolean).map(Number) ?? []), ...g.orgs])].sort((a, b) => a - b).join(',');
        await db.exchangeDaily.upsert({
          where,
          create: { coalitionId: g.coalitionId, day: g.day, channelId: g.channelId, orgType: g.orgType, threaded: g.threaded, count: g.count, organizations: orgs },
          update: { count: { increment: g.count }, organizations: orgs },
        });
      }
      await db.exchangeEvent.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { rolledUp: true } });
      return rows.length;
    },
  };
}
