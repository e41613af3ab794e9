// 200 series (weekly, every two weeks, monthly by weekday position; four zones) over a year:
// (1) expanding their rules in memory; (2) the daily job creating their occurrences as meetings,
// with ten series answers each copied to every occurrence; (3) the reminder planner run every hour
// of that year, as the minute job would find them. Time and memory, for the issue notes.
import { createLogger } from '../src/core/log.ts';
import { buildRule, occurrences } from '../src/core/recurrence.ts';
import { planReminders } from '../src/jobs/reminders.job.ts';
import { extendSeries } from '../src/jobs/series.job.ts';
import { bulkInsert } from '../test/helpers/bulk.ts';
import { harness, joined } from '../test/helpers/harness.ts';
import { fmt, measure, percentile } from './util.ts';

const provider = process.argv.includes('--pg') ? 'postgresql' : 'sqlite';
const quiet = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);
const SERIES = 200;
const ANSWERS = 10;
const DAY = 86_400_000;
const ZONES = ['Europe/Paris', 'America/Bogota', 'Africa/Nairobi', 'Asia/Manila'];
const PATTERNS = ['weekly', 'biweekly', 'monthly'];

const h = await harness(provider);
const jobs = h.jobs(quiet);
const start = h.clock.now().getTime();
// Every series starts 100 to 130 days ahead, so the year is walked by the job, not the command.
const firstStart = (i: number) => new Date(start + (100 + (i % 30)) * DAY + (i % 9) * 3600_000);
const local = (at: Date, zone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' }).format(at);

// ---- (1) the rules alone, in memory
{
  const rules = Array.from({ length: SERIES }, (_, i) => {
    const r = buildRule(PATTERNS[i % 3]!, firstStart(i), ZONES[i % 4]!, {});
    if (!r.ok) throw new Error(r.problem);
    return r.value;
  });
  const to = new Date(start + 500 * DAY);
  const run = await measure(async () => rules.reduce((n, r) => n + occurrences(r, r.startsAt, to).length, 0));
  console.log(
    `[${provider}] expanding 200 rules over a year in memory: ${fmt(run.ms)} ms, ${run.result} occurrences (${fmt((run.ms * 1000) / run.result, 1)} µs each)`,
  );
}

// ---- set-up: the organiser, ten members, 200 series through the command, ten answers each
await joined(h, 'org', 'Ministry', 'government');
for (let p = 0; p < ANSWERS; p++) await joined(h, `p${p}`, 'Namati', 'civil_society');
const setup = await measure(async () => {
  for (let i = 0; i < SERIES; i++) {
    const zone = ZONES[i % 4]!;
    const out = await h.run(
      'org',
      `/meeting schedule title:"Series ${i}" start:"${local(firstStart(i), zone)}" timezone:${zone} repeat:${PATTERNS[i % 3]} link:https://meet.example.org/${i}`,
    );
    if (!out.ok) throw new Error(JSON.stringify(out.reply));
  }
});
const series = await h.db.series.findMany({ select: { id: true } });
const people = await h.db.person.findMany({
  where: { displayName: { startsWith: 'p' } },
  select: { id: true },
});
await bulkInsert(
  h.url,
  'SeriesRsvp',
  series.flatMap((s) =>
    people.map((p, j) => ({
      seriesId: s.id,
      personId: p.id,
      answer: j % 3 === 0 ? 'MAYBE' : 'YES',
      observer: false,
      updatedAt: new Date(start),
    })),
  ),
);
console.log(`[${provider}] 200 series scheduled through /meeting schedule: ${fmt(setup.ms / 1000, 2)} s`);

// ---- (2) the daily job over a year
const daily: number[] = [];
let created = 0;
const year = await measure(async () => {
  for (let d = 1; d <= 365; d++) {
    h.clock.current = new Date(start + d * DAY);
    const t0 = performance.now();
    created += await extendSeries(jobs);
    daily.push(performance.now() - t0);
  }
});
daily.sort((a, b) => a - b);
const rsvps = await h.db.rsvp.count();
console.log(
  `[${provider}] daily job over 365 days: ${created} occurrences created with ${rsvps} answers copied in ${fmt(year.ms / 1000, 2)} s; per run p50 ${fmt(percentile(daily, 50))} ms, p95 ${fmt(percentile(daily, 95))} ms, max ${fmt(daily.at(-1)!)} ms; peak RSS ${fmt(year.peakRssMb)} MiB`,
);

// ---- (3) the reminder planner every hour of that year
const hourly: number[] = [];
let planned = 0;
const plan = await measure(async () => {
  for (let t = start + 100 * DAY; t <= start + 465 * DAY; t += 3600_000) {
    h.clock.current = new Date(t);
    const t0 = performance.now();
    planned += await planReminders(jobs);
    hourly.push(performance.now() - t0);
  }
});
hourly.sort((a, b) => a - b);
console.log(
  `[${provider}] reminder planning every hour of the year (${hourly.length} runs): ${planned} reminders planned in ${fmt(plan.ms / 1000, 2)} s; per run p50 ${fmt(percentile(hourly, 50))} ms, p95 ${fmt(percentile(hourly, 95))} ms, max ${fmt(hourly.at(-1)!)} ms`,
);
await h.close();
process.exit(0);
