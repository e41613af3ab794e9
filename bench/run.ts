export {};
// `npm run bench -- slack|reminders|report|mail|series|page [--pg]`: prints figures for the issue notes.
const name = process.argv[2];
const benches: Record<string, () => Promise<unknown>> = {
  slack: () => import('./slack-ack.bench.ts'),
  reminders: () => import('./reminders.bench.ts'),
  report: () => import('./report.bench.ts'),
  page: () => import('./public-page.bench.ts'),
  mail: () => import('./mail.bench.ts'),
  series: () => import('./series.bench.ts'),
};
if (!name || !benches[name]) {
  console.error(`usage: npm run bench -- ${Object.keys(benches).join('|')} [--pg]`);
  process.exit(2);
}
await benches[name]();
