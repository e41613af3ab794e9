// Keeps the stored search keys in the form searchKey() writes today: when that form changes
// (accents folded since version 2), existing rows are re-keyed once, at start, in batches.
import { searchKey, SEARCH_KEY_VERSION, type ServiceDeps } from './context.ts';

const BATCH = 500;

export function searchIndexService({ db }: ServiceDeps) {
  return {
    /** Re-keys learnings and commitments written under an older key; returns how many rows. */
    async refresh(): Promise<number> {
      const meta = await db.meta.findUnique({ where: { key: 'searchKey' } });
      if (meta?.value === SEARCH_KEY_VERSION) return 0;
      let changed = 0;
      for (let after = 0; ;) {
        const rows = await db.learning.findMany({
          where: { id: { gt: after } },
          select: { id: true, title: true, summary: true, country: true, searchText: true },
          orderBy: { id: 'asc' },
          take: BATCH,
        });
        if (rows.length === 0) break;
        for (const r of rows) {
          const key = searchKey(r.title, r.summary, r.country);
          if (key !== r.searchText) {
            await db.learning.update({ where: { id: r.id }, data: { searchText: key } });
            changed++;
          }
        }
        after = rows.at(-1)!.id;
      }
      for (let after = 0; ;) {
        const rows = await db.commitment.findMany({
          where: { id: { gt: after } },
          select: { id: true, title: true, member: true, ogpId: true, searchText: true },
          orderBy: { id: 'asc' },
          take: BATCH,
        });
        if (rows.length === 0) break;
        for (const r of rows) {
          const key = searchKey(r.title, r.member, r.ogpId);
          if (key !== r.searchText) {
            await db.commitment.update({ where: { id: r.id }, data: { searchText: key } });
            changed++;
          }
        }
        after = rows.at(-1)!.id;
      }
      await db.meta.upsert({
        where: { key: 'searchKey' },
        create: { key: 'searchKey', value: SEARCH_KEY_VERSION },
        update: { value: SEARCH_KEY_VERSION },
      });
      return changed;
    },
  };
}
