// The public page and the open data on a generated coalition year (publishing): page weight
// (HTML with its inline SVG charts), server time to answer, and the same for the data files.
import { createLogger } from '../src/core/log.ts';
import { openDataRoutes } from '../src/http/open-data.routes.ts';
import { createHttpServer, listen } from '../src/http/server.ts';
import { generateYear } from '../test/helpers/coalition-year.ts';
import { harness } from '../test/helpers/harness.ts';
import { fmt, percentile } from './util.ts';

const provider = process.argv.includes('--pg') ? 'postgresql' : 'sqlite';
const quiet = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);
const ZONE = 'Europe/Paris';

const h = await harness(provider, { timezone: ZONE });
h.clock.current = new Date('2027-02-01T12:00:00Z');
const g = await generateYear(h.db, h.url, { seed: 11, year: 2026, zone: ZONE });
const coalition = await h.db.coalition.update({ where: { id: g.coalitionId }, data: { publish: true } });
const server = createHttpServer({
  ready: async () => undefined,
  log: quiet,
  routes: [openDataRoutes({ services: h.services })],
});
const base = `http://127.0.0.1:${await listen(server, 0)}`;

async function time(path: string, runs = 15, headers: Record<string, string> = {}) {
  const ms: number[] = [];
  let bytes = 0;
  let etag = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { headers });
    const body = await res.arrayBuffer();
    ms.push(performance.now() - t0);
    bytes = body.byteLength;
    etag = res.headers.get('etag') ?? '';
  }
  ms.sort((a, b) => a - b);
  return { bytes, min: ms[0]!, median: percentile(ms, 50), p95: percentile(ms, 95), etag };
}

await time(`/c/${coalition.slug}?lang=en`, 3); // warm-up
const page = await time(`/c/${coalition.slug}?lang=en`, 21);
const html = await (await fetch(`${base}/c/${coalition.slug}?lang=en`)).text();
const svg = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].reduce((n, m) => n + Buffer.byteLength(m[0]), 0);
const charts = (html.match(/role="img"/g) ?? []).length;
const gzip = (await import('node:zlib')).gzipSync(html).byteLength;
const notModified = await time(`/c/${coalition.slug}?lang=en`, 15, { 'if-none-match': page.etag });
console.log(
  `[${provider}] generated year: ${g.commitments.length} commitments, ${g.indicators.length} indicators, ${g.measurements.length} measurements, ${g.learnings.length} learnings\n` +
    `  page /c/${coalition.slug}: ${page.bytes} bytes HTML (${svg} of them inline SVG, ${charts} charts; ${gzip} gzipped), ` +
    `served in ${fmt(page.median)} ms median (${fmt(page.min)} best, ${fmt(page.p95)} p95); 304 in ${fmt(notModified.median)} ms`,
);
for (const file of [
  'datapackage.json',
  'commitments.csv',
  'measurements.csv',
  'learnings.csv',
  'learnings.json',
]) {
  const r = await time(`/open/${coalition.slug}/${file}`, 7);
  console.log(`  ${file}: ${r.bytes} bytes in ${fmt(r.median)} ms median`);
}
server.close();
await h.close();
process.exit(0);
