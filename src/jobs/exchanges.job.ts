import type { JobContext } from './context.ts';

/** Recorded messages folded into per-day counts, one transaction per coalition day. */
export async function rollUpExchanges(ctx: JobContext): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await ctx.services.transaction((s) => s.exchanges.rollUpNextDay());
    total += n;
    if (n === 0) return total;
  }
}
