import type { ServiceDeps } from './context.ts';
import type { DbOrTx } from './db/client.ts';
import { OutboxKey } from './outbox-keys.ts';
import { READER_SELECT, toReader } from './people.service.ts';
import type { Reader } from './types.ts';

export interface DueNudge {
  coalitionId: number;
  commitment: { id: number; number: number; title: string; lastUpdateAt: Date };
  owners: Reader[];
  /** The outbox key for each owner: one nudge per silent period. */
  key: (personId: number) => string;
}

/**
 * Who is asked about a commitment (nudges, milestone reminders): the person who logged it; if they
 * left, the people of the owning organisation (not its observers).
 */
export async function ownersOf(
  db: DbOrTx,
  c: {
    createdById: number | null;
    createdBy: { erasedAt: Date | null } | null;
    organizationId: number | null;
  },
): Promise<Reader[]> {
  const people = await db.person.findMany({
    where:
      c.createdById && !c.createdBy?.erasedAt
        ? { id: c.createdById }
        : { organizationId: c.organizationId ?? -1, erasedAt: null, role: { not: 'OBSERVER' } },
    select: READER_SELECT,
  });
  return people.map(toReader);
}

/** Commitments silent for the coalition's nudge period (90 days), with the people to ask. */
export function nudgeService({ db, clock }: ServiceDeps) {
  return {
    async due(): Promise<DueNudge[]> {
      const now = clock.now();
      const out: DueNudge[] = [];
      for (const c of await db.coalition.findMany({
        select: { id: true, nudgeAfterDays: true, locale: true, timezone: true },
      })) {
        const cutoff = new Date(now.getTime() - c.nudgeAfterDays * 86_400_000);
        const rows = await db.commitment.findMany({
          where: {
            coalitionId: c.id,
            lastUpdateAt: { lte: cutoff },
            completion: { notIn: ['COMPLETE', 'WITHDRAWN'] },
            OR: [{ nudgedAt: null }, { nudgedAt: { lte: cutoff } }],
          },
          select: {
            id: true,
            number: true,
            title: true,
            lastUpdateAt: true,
            nudgedAt: true,
            createdById: true,
            organizationId: true,
            createdBy: { select: { erasedAt: true } },
          },
          take: 500,
        });
        for (const r of rows) {
          // One nudge per silent period: the key carries the period's start.
          const period = Math.floor(
            (now.getTime() - r.lastUpdateAt.getTime()) / (c.nudgeAfterDays * 86_400_000),
          );
          out.push({
            coalitionId: c.id,
            commitment: { id: r.id, number: r.number, title: r.title, lastUpdateAt: r.lastUpdateAt },
            owners: await ownersOf(db, r),
            key: (personId) => OutboxKey.nudge(r.id, r.lastUpdateAt, period, personId),
          });
        }
      }
      return out;
    },

    async markNudged(commitmentId: number): Promise<void> {
      await db.commitment.update({ where: { id: commitmentId }, data: { nudgedAt: clock.now() } });
    },
  };
}
