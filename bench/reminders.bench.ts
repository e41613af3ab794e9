// (1) The due-reminder scan over 10,000 meetings and 200,000 RSVPs: time and memory.
// (2) 2,000 reminders sent through the real Slack adapter to a fake Slack API that enforces a
//     per-channel rate limit with 429s: all delivered, none twice, time next to the limit's floor.
import { createSlackAdapter } from '../src/adapters/slack/slack.adapter.ts';
import { createLogger } from '../src/core/log.ts';
import type { JobContext } from '../src/jobs/context.ts';
import { planReminders } from '../src/jobs/reminders.job.ts';
import { bulkInsert } from '../test/helpers/bulk.ts';
import { FakeSlack } from '../test/helpers/fake-slack.ts';
import { harness } from '../test/helpers/harness.ts';
import { fmt, measure } from './util.ts';

const provider = process.argv.includes('--pg') ? 'postgresql' : 'sqlite';
const quiet = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);

// ---- (1) the scan
{
  const h = await harness(provider);
  const coalition = await h.db.coalition.create({ data: { slug: 'bench', name: 'Bench' } });
  const now = h.clock.now().getTime();
  const people = Array.from({ length: 2000 }, (_, i) => ({
    id: 100 + i,
    coalitionId: coalition.id,
    displayName: `p${i}`,
    createdAt: new Date(now),
  }));
  await bulkInsert(h.url, 'Person', people);
  // 10,000 meetings over the next 100 days; 20 answers each.
  const meetings = Array.from({ length: 10_000 }, (_, i) => ({
    id: 100 + i,
    coalitionId: coalition.id,
    number: i + 1,
    title: `Meeting ${i}`,
    kind: 'VIRTUAL',
    startsAt: new Date(now + i * 864_000 + 30 * 60_000),
    timezone: 'UTC',
    durationMinutes: 60,
    createdAt: new Date(now),
    updatedAt: new Date(now),
  }));
  await bulkInsert(h.url, 'Meeting', meetings);
  const rsvps = meetings.flatMap((m, i) =>
    Array.from({ length: 20 }, (_, j) => ({
      meetingId: m.id,
      personId: 100 + ((i * 20 + j) % 2000),
      answer: j % 3 === 0 ? 'NO' : j % 3 === 1 ? 'MAYBE' : 'YES',
      observer: false,
      updatedAt: new Date(now),
    })),
  );
  await bulkInsert(h.url, 'Rsvp', rsvps);
  const ctx: JobContext = h.jobs(quiet);
  const scan = await measure(() => h.services.reminders.due());
  const due = scan.result;
  console.log(
    `[${provider}] due-reminder scan over 10,000 meetings / 200,000 RSVPs: ${fmt(scan.ms)} ms, peak RSS ${fmt(scan.peakRssMb)} MiB, heap +${fmt(scan.heapDeltaMb)} MiB; ${due.length} meetings due, ${due.reduce((n, d) => n + d.recipients.length, 0)} recipients`,
  );
  const plan = await measure(() => planReminders(ctx));
  const again = await measure(() => planReminders(ctx));
  console.log(
    `[${provider}] planning them into the outbox: ${fmt(plan.ms)} ms (${plan.result} messages); the next minute's re-scan: ${fmt(again.ms)} ms (${again.result} new)`,
  );
  await h.close();
}

// ---- (2) sending through Slack with per-channel 429s
{
  const PER_SECOND = 5;
  const fake = await new FakeSlack().start();
  const windows = new Map<string, { start: number; count: number }>();
  let throttled = 0;
  // Fixed one-second windows per channel, like Slack's chat.postMessage limit (scaled up).
  fake.limit = (method, args) => {
    if (method !== 'chat.postMessage') return null;
    const channel = String(args.channel);
    const now = Date.now();
    const w = windows.get(channel) ?? { start: now, count: 0 };
    if (now - w.start >= 1000) {
      w.start = now;
      w.count = 0;
    }
    w.count++;
    windows.set(channel, w);
    if (w.count > PER_SECOND) {
      throttled++;
      return Math.max(1, Math.ceil((1000 - (now - w.start)) / 1000));
    }
    return null;
  };
  const h = await harness(provider);
  const slack = createSlackAdapter(h.docket, quiet, {
    signingSecret: 's',
    botToken: 'xoxb',
    apiUrl: fake.apiUrl,
    retryConfig: { retries: 10, minTimeout: 100, maxTimeout: 2000 },
  });
  const coalition = await h.db.coalition.create({ data: { slug: 'send', name: 'Send' } });
  const CHANNELS = 10;
  const items = Array.from({ length: 2000 }, (_, i) => ({
    coalitionId: coalition.id,
    key: `bench:${i}`,
    kind: 'reminder',
    target: {
      kind: 'channel' as const,
      platform: 'SLACK' as const,
      spaceId: 'T1',
      channelId: `C${i % CHANNELS}`,
    },
    payload: {
      type: 'message',
      locale: 'en',
      timeZone: 'UTC',
      reply: { visibility: 'public', title: `Reminder ${i}`, lines: ['Starts in 1 hour.'] },
    },
  }));
  await h.services.outbox.enqueue(items);
  h.attach(slack);
  const t0 = performance.now();
  const result = await h.docket.courier.deliver(500);
  const ms = performance.now() - t0;
  const posts = fake.calls.filter((c) => c.method === 'chat.postMessage' && !c.limited);
  const titles = posts.map((p) => (p.args.text as string).split('\n')[0]);
  const floor = (2000 / (CHANNELS * PER_SECOND)) * 1000;
  console.log(
    `[${provider}] 2,000 reminders to ${CHANNELS} channels at ${PER_SECOND}/s/channel: ${result.sent} sent, ${result.failed} failed, ${new Set(titles).size} distinct of ${titles.length} delivered, ${throttled} answered 429; ${fmt(ms / 1000, 2)} s against a floor of ${fmt(floor / 1000, 2)} s`,
  );
  await fake.stop();
  await h.close();
}
process.exit(0);
