import type { ServiceDeps } from './context.ts';

/**
 * Named leases in the database: whoever holds an unexpired one runs the job (or the gateway).
 * Taking one is a single conditional write, so two instances racing on PostgreSQL or SQLite
 * cannot both win; a crashed holder's lease simply runs out.
 */
export function leaseService({ db, clock }: ServiceDeps) {
  return {
    async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + ttlMs);
      const taken = await db.lease.updateMany({
        where: { name, OR: [{ holder }, { expiresAt: { lte: now } }] },
        data: { holder, expiresAt },
      });
      if (taken.count === 1) return true;
      try {
        await db.lease.create({ data: { name, holder, expiresAt } });
        return true;
      } catch (error) {
        // Someone else holds it (or created it a moment ago); anything else is a real failure.
        if ((error as { code?: string }).code === 'P2002') return false;
        throw error;
      }
    },

    async release(name: string, holder: string): Promise<void> {
      await db.lease.deleteMany({ where: { name, holder } });
    },

    async holder(name: string): Promise<string | null> {
      const row = await db.lease.findUnique({ where: { name } });
      return row && row.expiresAt > clock.now() ? row.holder : null;
    },
  };
}
