// Small helpers shared by the benchmarks (run on demand: `npm run bench -- NAME`, never as tests).
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function measure<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; peakRssMb: number; heapDeltaMb: number; result: T }> {
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      ms,
      peakRssMb: peak / 2 ** 20,
      heapDeltaMb: (process.memoryUsage().heapUsed - heap0) / 2 ** 20,
      result,
    };
  } finally {
    clearInterval(timer);
  }
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);
