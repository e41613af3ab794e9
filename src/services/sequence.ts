import type { DbOrTx } from './db/client.ts';

type Counter =
  'learningSeq' | 'commitmentSeq' | 'meetingSeq' | 'joinSeq' | 'seriesSeq' | 'actionSeq' | 'indicatorSeq';

/**
 * Next short-id number in a coalition (L12, C7, M3, I2). The increment is one row update inside the
 * command's transaction: concurrent writers serialise on the row, so numbers never repeat.
 */
export async function nextNumber(db: DbOrTx, coalitionId: number, counter: Counter): Promise<number> {
  const row = await db.coalition.update({
    where: { id: coalitionId },
    data: { [counter]: { increment: 1 } },
    select: { [counter]: true },
  });
  return (row as unknown as Record<Counter, number>)[counter];
}
