import type { ServiceDeps } from './context.ts';
import type { PlatformName } from './types.ts';

/** How to reach a person directly: their first linked identity that a running adapter serves. */
export function deliveryService({ db }: ServiceDeps) {
  return {
    async contacts(personId: number): Promise<{ platform: PlatformName; userId: string }[]> {
      const rows = await db.identity.findMany({
        where: { personId, person: { erasedAt: null } },
        orderBy: { createdAt: 'asc' },
      });
      return rows.map((r) => ({ platform: r.platform, userId: r.externalId }));
    },
  };
}
