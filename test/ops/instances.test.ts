// Several instances on one PostgreSQL: one Discord gateway at a time, taken over when its holder
// dies; and an orderly shutdown that lets a command in flight finish.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { SingletonLease } from '../../src/core/singleton.ts';
import { loadEnv } from '../../src/core/env.ts';
import { createLogger } from '../../src/core/log.ts';
import { startServer } from '../../src/server.ts';
import { available, freshDatabase, type TestDatabase } from '../helpers/databases.ts';
import { FakeDiscord } from '../helpers/fake-discord.ts';
import { until } from '../helpers/harness.ts';

const quiet = createLogger('error', {
  write: (l: string) => (process.env.DEBUG_OPS && console.log(l), true),
} as unknown as NodeJS.WritableStream);
const provider = available('postgresql') ? 'postgresql' : 'sqlite';
const root = path.resolve(import.meta.dirname, '..', '..');
const children: ChildProcess[] = [];

describe(`several instances on one ${provider} database`, () => {
  let db: TestDatabase;
  let fake: FakeDiscord;
  const apps: App[] = [];
  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeDiscord().start();
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    for (const a of apps) await a.close().catch(() => undefined);
    await fake.stop();
    await db.drop();
  });

  it('keeps one Discord gateway connection across two processes, taken over when its holder is killed', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'info',
      DISCORD_TOKEN: 'test-token-1',
      DISCORD_APPLICATION_ID: '1',
      DISCORD_API_URL: fake.apiUrl,
    };
    const start = () => {
      // node itself (not the tsx wrapper), so SIGKILL kills the process that holds the socket.
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let log = '';
      child.stderr.on('data', (c: Buffer) => (log += c.toString()));
      children.push(child);
      return { child, instance: () => /"instance":"([0-9a-f-]+)"/.exec(log)?.[1] };
    };
    const one = start();
    const two = start();
    await until(
      () => Boolean(one.instance() && two.instance()) && fake.connected === 1,
      40_000,
      'both up, one gateway',
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect([fake.identifies, fake.connected]).toEqual([1, 1]);
    const check = await createApp(loadEnv({ DATABASE_URL: db.url }), { log: quiet });
    apps.push(check);
    const holderId = await check.services.leases.holder('discord:gateway');
    const holder = holderId === one.instance() ? one : two;
    const survivor = holder === one ? two : one;
    holder.child.kill('SIGKILL');
    // Its lease runs out (30 s), the other process takes the gateway (renewal every 10 s).
    await until(() => fake.identifies === 2 && fake.connected === 1, 60_000, 'takeover');
    expect(await check.services.leases.holder('discord:gateway')).toBe(survivor.instance());
    survivor.child.kill('SIGTERM');
    await new Promise((r) => survivor.child.once('exit', r));
  }, 120_000);

  it('lets a command in flight finish on shutdown, writing it whole', async () => {
    // sam is secretariat (DOCKET_ADMINS), so the join is approved at once and the person listed.
    const env = loadEnv({ DATABASE_URL: db.url, PORT: '0', DOCKET_ADMINS: 'console:sam' });
    const app = await createApp(env, { log: quiet });
    const running = await startServer(app, env);
    const inv = {
      platform: 'CONSOLE' as const,
      spaceId: 'console',
      userId: 'sam',
      displayName: 'sam',
      command: 'member',
      text: 'join "Shutdown Org" type:civil_society',
    };
    const inFlight = app.docket.dispatch(inv);
    const stopped = running.stop();
    const outcome = await inFlight;
    await stopped;
    expect(outcome.ok).toBe(true);
    const check = await createApp(env, { log: quiet });
    apps.push(check);
    const person = await check.services.people.find({
      platform: 'CONSOLE',
      spaceId: 'console',
      userId: 'sam',
    });
    expect(person?.organization?.name).toBe('Shutdown Org');
  }, 30_000);
});

describe('SingletonLease', () => {
  it('connects only while it holds the lease', async () => {
    const db = await freshDatabase('sqlite');
    const env = loadEnv({ DATABASE_URL: db.url });
    const app = await createApp(env, { log: quiet });
    let up = 0;
    const gateway = { name: 'DISCORD', start: async () => void up++, stop: async () => void up-- };
    const one = new SingletonLease(app.services, 'one', gateway, quiet, { ttlMs: 60_000, renewMs: 60_000 });
    const two = new SingletonLease(app.services, 'two', gateway, quiet, { ttlMs: 60_000, renewMs: 60_000 });
    await one.tick();
    await two.tick();
    expect([one.holding, two.holding, up]).toEqual([true, false, 1]);
    await one.stop();
    await two.tick();
    expect([one.holding, two.holding, up]).toEqual([false, true, 1]);
    await two.stop();
    await app.close();
    await db.drop();
  });
});
