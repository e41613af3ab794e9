// The annual report and a weekly digest on a generated coalition year, and on ten times it:
// time and peak memory, on SQLite (default) or PostgreSQL (--pg).
import { createLogger } from '../src/core/log.ts';
import { reportCsv } from '../src/core/report-format.ts';
import { rollUpExchanges } from '../src/jobs/exchanges.job.ts';
import { parseIsoWeek } from '../src/services/index.ts';
import { generateYear } from '../test/helpers/coalition-year.ts';
import { harness } from '../test/helpers/harness.ts';
import { fmt, measure } from './util.ts';

const provider = process.argv.includes('--pg') ? 'postgresql' : 'sqlite';
const quiet = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);
const ZONE = 'Europe/Paris';

for (const times of [1, 10]) {
  const h = await harness(provider, { timezone: ZONE });
  h.clock.current = new Date('2027-02-01T12:00:00Z');
  const t0 = performance.now();
  const g = await generateYear(h.db, h.url, { seed: 11, year: 2026, zone: ZONE, times });
  const generated = performance.now() - t0;
  const rolled = await measure(() => rollUpExchanges(h.jobs(quiet)));
  const report = await measure(() => h.services.reports.annual(g.coalitionId, 2026));
  const csv = await measure(async () => reportCsv(report.result).length);
  const week = parseIsoWeek('2026-W20', ZONE)!;
  const digest = await measure(() => h.services.digests.details(g.coalitionId, week, ZONE));
  console.log(
    `[${provider}] ×${times}: ${g.learnings.length} learnings, ${g.exchanges.length} exchange rows (generated in ${fmt(generated / 1000)} s; roll-up ${fmt(rolled.ms / 1000, 2)} s)\n` +
      `  annual report ${fmt(report.ms)} ms, peak RSS ${fmt(report.peakRssMb)} MiB, heap +${fmt(report.heapDeltaMb)} MiB; CSV ${fmt(csv.ms)} ms (${csv.result} bytes)\n` +
      `  weekly digest ${fmt(digest.ms)} ms, peak RSS ${fmt(digest.peakRssMb)} MiB`,
  );
  await h.close();
}
process.exit(0);
