// The real entry point, as an operator or a script runs it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlack, postSigned } from './helpers/fake-slack.ts';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baseEnv = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  DATABASE_URL: `file:${path.join(dir, 'docket.db')}`,
  NO_COLOR: '1',
  DOCKET_TIMEZONE: 'Europe/Paris',
  TZ: 'Europe/Paris',
};

function docket(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(tsx, ['src/main.ts', ...args], {
    cwd: root,
    env: { ...baseEnv, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

async function serve(env: Record<string, string>) {
  const child = spawn(tsx, ['src/main.ts'], {
    cwd: root,
    env: { ...baseEnv, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in: ${log}`)), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const m = /"port":(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return { child, port, log: () => log };
}

describe('npm start', () => {
  it('runs commands with --as/--exec, and the data is still there on the next start', () => {
    // alice is the first secretariat (DOCKET_ADMINS): her own organisation is verified as she joins.
    const first = docket(
      [
        '--as',
        'alice',
        '--exec',
        '/member join "Ministry of Justice" type:government country:FR',
        '--exec',
        '/learning share title:"Open hearings" summary:"Publishing hearing lists online reduced missed hearings." themes:open_justice_institutions',
        '--exec',
        '/commitment log title:"Online hearing lists" member:France plan:2024-2026 description:"Hearing lists of all courts online." themes:justice_data',
        '--exec',
        '/meeting schedule title:"Working group" start:"2030-01-15 15:00" link:https://meet.example.org/wg',
        '--exec',
        '/meeting rsvp M1 yes',
        '--exec',
        '/member profile locale:fr',
      ],
      { DOCKET_ADMINS: 'console:alice' },
    );
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('alice> /learning share');
    expect(first.out).toContain('✓ L1 · Open hearings');
    expect(first.out).toContain('✓ C1 · Online hearing lists');
    expect(first.out).toContain('✓ M1 · Working group');
    expect(first.out).toContain('Your answer for M1: Yes.');
    const second = docket([
      '--as',
      'alice',
      '--exec',
      '/meeting show M1',
      '--exec',
      '/learning list',
      '--exec',
      '/commitment show C1',
      '--exec',
      '/coalition admins',
    ]);
    expect(second.code).toBe(0);
    // The database remembers the secretariat without DOCKET_ADMINS.
    expect(second.out).toContain('alice (console:alice) · DOCKET_ADMINS');
    expect(second.out).toContain('mar. 15 janv. 2030, 15:00 UTC+1');
    expect(second.out).toContain('1 oui · 0 peut-être · 0 non');
    expect(second.out).toContain('L1 · Open hearings — Institutions judiciaires ouvertes');
    expect(second.out).toContain('Non commencé');
  }, 120_000);

  it('stops with the variable’s name when configuration is wrong', () => {
    const bad = docket(['--exec', '/coalition help'], { PORT: 'abc', DOCKET_LOCALE: 'de' });
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      'docket: Invalid configuration:\n  PORT: Invalid input: expected number, received NaN\n  DOCKET_LOCALE: Invalid option: expected one of "en"|"fr"|"es"\n',
    );
  });

  it('prints its usage with --help', () => {
    const help = docket(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain("npm start -- --as NAME --exec '/command …'");
  });

  it('prints usage, not a stack trace, for an unknown option', () => {
    const out = docket(['--colour']);
    expect(out.code).toBe(2);
    expect(out.err).toContain("Unknown option '--colour'");
    expect(out.err).toContain('Usage:');
    expect(out.err).not.toMatch(/\n\s+at /);
  });

  it('exits 1 when a scripted command answers with an error, after running the rest', () => {
    const out = docket(['--as', 'zoe', '--exec', '/learning show L999', '--exec', '/coalition help']);
    expect(out.code).toBe(1);
    expect(out.out).toContain('There is no learning L999');
    expect(out.out).toContain('/learning');
  });

  it('echoes each scripted line as whoever types it after /as', () => {
    const out = docket(['--as', 'ana', '--exec', '/as bob', '--exec', '/learning list']);
    expect(out.out).toContain('ana> /as bob');
    expect(out.out).toContain('bob> /learning list');
  });

  it('does not call the person "me" when the system gives no user name', () => {
    const out = docket(['--exec', '/member profile'], { USER: '' });
    expect(out.code).toBe(0);
    expect(out.out).not.toMatch(/^me> /m);
  });

  it('serves Slack on /slack/events when Slack is configured', async () => {
    const fake = await new FakeSlack().start();
    const { child, port } = await serve({
      SLACK_SIGNING_SECRET: 'sekret',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_API_URL: fake.apiUrl,
    });
    try {
      const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, 'sekret', {
        team_id: 'T1',
        channel_id: 'C1',
        user_id: 'U1',
        user_name: 'u',
        command: '/coalition',
        text: 'help',
        response_url: fake.responseUrl('m'),
        trigger_id: 't',
      });
      expect(res.status).toBe(200);
      const doc = (await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(doc.paths)).toContain('/slack/events');
      await expect.poll(() => fake.responses.length, { timeout: 10_000 }).toBe(1);
      expect(JSON.stringify(fake.responses[0]?.body)).toContain('what Docket can do');
    } finally {
      child.kill('SIGTERM');
      await fake.stop();
    }
  }, 60_000);

  it('serves health and readiness without a terminal, and stops on SIGTERM', async () => {
    const { child, port, log: logged } = await serve({});
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`, {
      headers: { 'x-request-id': 'probe-1' },
    });
    expect(health.headers.get('x-request-id')).toBe('probe-1');
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    // The API is off without DOCKET_API_TOKEN; its description is served all the same.
    expect((await fetch(`http://127.0.0.1:${port}/api/reports/2026`)).status).toBe(404);
    const doc = (await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/api/digests/{week}', '/api/reports/{year}']),
    );
    expect(Object.keys(doc.paths)).not.toContain('/slack/events');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const line of logged().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  }, 60_000);
});
