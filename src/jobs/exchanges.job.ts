import type { JobContext } from './context.ts';

/** Daily: recorded messages folded into per-day counts, one transaction per batch. */
export async function rollUpExchanges(ctx: JobContext): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await ctx.services.transaction((s) => s.exchanges.rollUpBatch(5000));
    total += n;
    if (n === 0) return total;
  }
}
