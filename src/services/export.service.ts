import type { ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';

/** A coalition's data, table by table, for its own records or a move (data rights). */
export function exportService(deps: ServiceDeps) {
  const { db } = deps;
  const audit = auditService(deps);
  return {
    /** Yields [table, rows] one table at a time, each read in pages. */
    async *coalition(coalitionId: number): AsyncGenerator<[string, unknown[]]> {
      const where = { coalitionId };
      const page = async <T>(read: (skip: number) => Promise<T[]>) => {
        const all: T[] = [];
        for (let skip = 0; ; skip += 5000) {
          const rows = await read(skip);
          all.push(...rows);
          if (rows.length < 5000) return all;
        }
      };
      yield ['coalition', [await db.coalition.findUniqueOrThrow({ where: { id: coalitionId } })]];
      yield ['spaces', (await db.chatSpace.findMany({ where })).map(({ installation: _secret, ...s }) => s)];
      yield ['organizations', await db.organization.findMany({ where, orderBy: { id: 'asc' } })];
      yield [
        'people',
        await db.person.findMany({ where, orderBy: { id: 'asc' }, include: { identities: true } }),
      ];
      // Addresses are personal data like identities; codes and link-signing secrets stay behind.
      yield [
        'mail_addresses',
        await db.mailAddress.findMany({
          where,
          orderBy: { id: 'asc' },
          select: {
            id: true,
            personId: true,
            address: true,
            confirmedAt: true,
            pendingAddress: true,
            invitations: true,
            digest: true,
            undeliverableAt: true,
            createdAt: true,
          },
        }),
      ];
      yield [
        'mail_invitations',
        await page((skip) => db.mailInvitation.findMany({ where, orderBy: { id: 'asc' }, skip, take: 5000 })),
      ];
      yield [
        'learnings',
        await page((skip) =>
          db.learning.findMany({
            where,
            orderBy: { id: 'asc' },
            skip,
            take: 5000,
            include: { themes: true, votes: true },
          }),
        ),
      ];
      yield [
        'commitments',
        await page((skip) =>
          db.commitment.findMany({
            where,
            orderBy: { id: 'asc' },
            skip,
            take: 5000,
            include: {
              themes: true,
              milestones: true,
              updates: true,
              assessments: true,
              completions: true,
              indicators: { include: { measurements: true } },
            },
          }),
        ),
      ];
      yield [
        'meetings',
        await page((skip) =>
          db.meeting.findMany({ where, orderBy: { id: 'asc' }, skip, take: 5000, include: { rsvps: true } }),
        ),
      ];
      yield [
        'exchanges_daily',
        await page((skip) => db.exchangeDaily.findMany({ where, orderBy: { id: 'asc' }, skip, take: 5000 })),
      ];
      yield [
        'audit',
        await page((skip) => db.auditEntry.findMany({ where, orderBy: { id: 'asc' }, skip, take: 5000 })),
      ];
      await audit.record(coalitionId, null, 'coalition.export');
    },
  };
}
