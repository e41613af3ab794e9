// The dated history of a commitment's completion level. Every change writes here (a log, an
// update, an import), so the annual report for a year can count each commitment at the level in
// force when that year ended, whatever happened since.
import type { DbOrTx } from './db/client.ts';
import type { CompletionName } from './types.ts';

export type CompletionSource = 'log' | 'update' | 'import';

/**
 * Records that `commitmentId` is at `completion` from `at` on: the level in force until now is
 * closed at `at`. A level equal to the one in force is not a change and writes nothing.
 */
export async function recordCompletion(
  db: DbOrTx,
  commitmentId: number,
  completion: CompletionName,
  at: Date,
  source: CompletionSource,
): Promise<void> {
  const open = await db.completionChange.findFirst({
    where: { commitmentId, until: null },
    orderBy: [{ setAt: 'desc' }, { id: 'desc' }],
  });
  if (open?.completion === completion) return;
  await db.completionChange.updateMany({ where: { commitmentId, until: null }, data: { until: at } });
  await db.completionChange.create({ data: { commitmentId, completion, setAt: at, source } });
}
