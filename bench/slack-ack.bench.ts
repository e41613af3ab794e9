// Slash-command acknowledgement latency through the real Bolt HTTP receiver: Docket against a
// bare Bolt app that only acknowledges, in the same run, at concurrency 1 and 32.
import http from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import { createSlackAdapter } from '../src/adapters/slack/slack.adapter.ts';
import { createHttpServer, listen } from '../src/http/server.ts';
import { slackMount } from '../src/adapters/slack/slack.mount.ts';
import { FakeSlack, sign } from '../test/helpers/fake-slack.ts';
import { harness, joined } from '../test/helpers/harness.ts';
import { fmt, percentile } from './util.ts';

const SECRET = 'bench-secret';
const REQUESTS = 600;

async function load(url: string, concurrency: number, fields: () => Record<string, string>, pauseMs = 0) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const times: number[] = [];
  let next = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const body = new URLSearchParams(fields()).toString();
      const t0 = performance.now();
      const req = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: { ...sign(SECRET, body), 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
            times.push(performance.now() - t0);
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < REQUESTS) {
        await one();
        // Paced: the previous command's work (after its ack) is done before the next arrives.
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
    }),
  );
  agent.destroy();
  return times.sort((a, b) => a - b);
}

const fake = await new FakeSlack().start();
const h = await harness('sqlite');
await joined(h, 'U1', 'Ministry', 'government');
const slack = createSlackAdapter(h.docket, h.docket.log, {
  signingSecret: SECRET,
  botToken: 'xoxb-bench',
  apiUrl: fake.apiUrl,
  retryConfig: { retries: 0 },
});
const server = createHttpServer({
  ready: async () => undefined,
  log: h.docket.log,
  raw: [slackMount((req, res) => slack.route(req, res))],
});
const docketUrl = `http://127.0.0.1:${await listen(server, 0)}/slack/events`;

/** Server-side ack latency: from the request's arrival to the response's last byte handed to the OS. */
const serverTimes = new Map<http.Server, number[]>();
function timeServer(s: http.Server) {
  serverTimes.set(s, []);
  s.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    const t0 = performance.now();
    res.on('finish', () => serverTimes.get(s)!.push(performance.now() - t0));
  });
}
timeServer(server);

const bareReceiver = new HTTPReceiver({ signingSecret: SECRET });
const bare = new App({
  token: 'xoxb-bench',
  receiver: bareReceiver,
  clientOptions: { slackApiUrl: fake.apiUrl },
});
bare.command('/learning', async ({ ack }) => ack());
const bareServer = http.createServer((req, res) => bareReceiver.requestListener(req, res));
await new Promise<void>((r) => bareServer.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}/slack/events`;
timeServer(bareServer);
const drain = (s: http.Server) =>
  serverTimes
    .get(s)!
    .splice(0)
    .sort((a, b) => a - b);

let n = 0;
const fields = () => ({
  team_id: 'T1',
  channel_id: 'C1',
  user_id: 'U1',
  user_name: 'u',
  command: '/learning',
  text: 'list',
  response_url: fake.responseUrl(`b${n++}`),
  trigger_id: 't',
});

// Warm both paths (JIT, connections, users.info cache).
await load(docketUrl, 4, fields);
await load(bareUrl, 4, fields);
drain(server);
drain(bareServer);
console.log(
  `Slack slash-command ack latency, ${REQUESTS} requests each (ms); client = round trip seen by the load generator (same process), server = arrival to ack sent`,
);
for (const [concurrency, pause] of [
  [1, 20],
  [1, 0],
  [32, 0],
] as const) {
  const d = await load(docketUrl, concurrency, fields, pause);
  const ds = drain(server);
  const b = await load(bareUrl, concurrency, fields, pause);
  const bs = drain(bareServer);
  console.log(
    `concurrency ${concurrency}${pause ? ' (paced)' : ' (back to back)'}: server-side docket p50 ${fmt(percentile(ds, 50), 2)} p99 ${fmt(percentile(ds, 99), 2)} | bare p50 ${fmt(percentile(bs, 50), 2)} p99 ${fmt(percentile(bs, 99), 2)} | p50 ratio ${fmt(percentile(ds, 50) / percentile(bs, 50), 2)}`,
  );
  console.log(
    `concurrency ${concurrency}${pause ? ' (paced)' : ' (back to back)'}: client docket p50 ${fmt(percentile(d, 50), 2)} p99 ${fmt(percentile(d, 99), 2)} | bare p50 ${fmt(percentile(b, 50), 2)} p99 ${fmt(percentile(b, 99), 2)} | p50 ratio ${fmt(percentile(d, 50) / percentile(b, 50), 2)}`,
  );
}
// Let the handlers still running after their acks finish before closing.
await new Promise((r) => setTimeout(r, 1500));
server.close();
bareServer.close();
await fake.stop();
await h.close();
process.exit(0);
