// Abuse: the operator's and the API's doors. The importer fails closed (unknown coalition, control
// characters, a missing file; a dry run writes nothing) and reports real lines; the API answers
// malformed paths with 400, logs and limits refused tokens, and per-person tokens read only their
// own coalition, only while their holder is secretariat. Both databases.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/http/api.routes.ts';
import { apiAuth } from '../../src/http/bearer.middleware.ts';
import { RefusalLimiter } from '../../src/http/refusal-limiter.ts';
import { createHttpServer, listen } from '../../src/http/server.ts';
import { createDb } from '../../src/services/db/client.ts';
import { migrate } from '../../src/services/db/migrator.ts';
import { available, freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases.ts';
import { harness, type Harness } from '../helpers/harness.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

describe.each(PROVIDERS)('abuse: the importer on %s', (provider) => {
  let db: TestDatabase;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-abuse-import-'));
  const file = path.join(dir, 'export.csv');
  const run = (...args: string[]) =>
    spawnSync(tsx, ['scripts/import-commitments.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: db.url },
      encoding: 'utf8',
      timeout: 60_000,
    });
  const coalitions = async () => {
    const client = createDb(db.url);
    try {
      return (await client.coalition.findMany()).map((c) => c.slug);
    } finally {
      await client.$disconnect();
    }
  };
  beforeAll(async () => {
    if (!available(provider)) return;
    db = await freshDatabase(provider);
    await migrate(db.url);
    // Line 4 starts a record spanning two lines; line 7 follows an empty line.
    writeFileSync(
      file,
      [
        'CaseNo,Country,Commitment Title,Action Plan,Cluster,Description',
        'KE0034,Kenya,Open court hearing lists,2024-2028,Open justice,Published daily',
        '',
        'KE0035,Kenya,Court data portal,2024-2028,Justice data,"Two',
        'lines"',
        `KE0036,Kenya,Budget \u202etxt.exe,2024-2028,Justice data,Hidden`,
        'KE0037,Kenya,Court fees waived,2024-2028,Access to justice,"Bell\u0007"',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it.skipIf(!available(provider))(
    'refuses a mistyped coalition instead of creating it, dry run or not',
    async () => {
      for (const args of [
        ['--coalition', 'typo', '--dry-run'],
        ['--coalition', 'typo'],
      ]) {
        const out = run(file, ...args);
        expect(out.status, args.join(' ')).toBe(2);
        expect(out.stderr).toBe(
          'docket: no coalition has the slug "typo": check it, or pass --create-coalition to create it\n',
        );
      }
      const dry = run(file, '--coalition', 'typo', '--dry-run', '--create-coalition');
      expect(dry.status).toBe(0);
      expect(dry.stderr).toContain('dry run: would create the coalition "typo"');
      expect(await coalitions()).toEqual([]);
    },
    120_000,
  );

  it.skipIf(!available(provider))('says clearly when the file is missing', () => {
    const out = run(path.join(dir, 'nope.csv'));
    expect(out.status).toBe(2);
    expect(out.stderr).toBe(`docket: the file ${path.join(dir, 'nope.csv')} does not exist\n`);
  });

  it.skipIf(!available(provider))(
    'rejects control characters in cells, naming the real line, and imports the rest',
    async () => {
      const out = run(file, '--coalition', 'justice', '--create-coalition');
      expect(out.status).toBe(0);
      expect(out.stdout).toContain('created 2, updated 0, rejected 2');
      expect(out.stdout).toContain('  line 6: column "Commitment Title" holds a control character (U+202E)');
      expect(out.stdout).toContain('  line 7: column "Description" holds a control character (U+0007)');
      const client = createDb(db.url);
      expect((await client.commitment.findMany({ orderBy: { ogpId: 'asc' } })).map((c) => c.ogpId)).toEqual([
        'KE0034',
        'KE0035',
      ]);
      await client.$disconnect();
    },
    120_000,
  );
});

describe.each(PROVIDERS)('abuse: the API on %s', (provider) => {
  let h: Harness;
  let server: http.Server;
  let base = '';
  let token = '';
  const get = (p: string, t: string | null, headers: Record<string, string> = {}) =>
    fetch(`${base}${p}`, { headers: { ...(t ? { authorization: `Bearer ${t}` } : {}), ...headers } });
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider, { admins: ['console:boot'] });
    await h.run('boot', '/coalition admins add console:holder');
    await h.run('holder', '/member review');
    await h.db.coalition.create({ data: { slug: 'other', name: 'Another coalition' } });
    h.clock.current = new Date('2026-12-01T10:00:00Z');
    // As src/server.ts wires it without DOCKET_API_TOKEN: per-person tokens turn the API on.
    server = createHttpServer({
      ready: async () => undefined,
      log: h.docket.log,
      routes: [
        apiRoutes({
          services: h.services,
          log: h.docket.log,
          auth: apiAuth(undefined, h.services),
          active: () => h.services.tokens.any(),
        }),
      ],
      limiter: new RefusalLimiter(),
    });
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  });
  afterAll(async () => {
    server?.close();
    await h?.close();
  });

  it.skipIf(!available(provider))(
    'is off until a person makes a token; that token reads its own coalition only',
    async () => {
      expect((await get('/api/reports/2026', 'dkt_whatever')).status).toBe(404);
      token = (await h.run('holder', '/coalition token create name:"CI"')).reply.lines![1] as string;
      const ok = await get('/api/reports/2026', token);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ members: { total: 0, pending: 0 } });
      const elsewhere = await get('/api/reports/2026?coalition=other', token);
      expect(elsewhere.status).toBe(403);
      expect(await elsewhere.json()).toMatchObject({ error: 'wrong_coalition' });
    },
  );

  it.skipIf(!available(provider))('answers a malformed path 400, without a stack in the log', async () => {
    const from = h.logs.length;
    const res = await get('/api/digests/%E0%A4%A', token);
    expect(res.status).toBe(400);
    const logs = h.logs.slice(from).join('\n');
    expect(logs).not.toContain('"stack"');
    expect(logs).not.toContain('http handler failed');
  });

  it.skipIf(!available(provider))(
    'logs refused tokens without them and limits an address to 10 a minute (429, Retry-After)',
    async () => {
      const from = h.logs.length;
      const fly = { 'fly-client-ip': '203.0.113.9' };
      for (let i = 0; i < 10; i++)
        expect((await get('/api/reports/2026', `dkt_guess${i}`, fly)).status).toBe(403);
      const limited = await get('/api/reports/2026', token, fly);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const logs = h.logs.slice(from).join('\n');
      expect(logs).toContain('bearer token refused');
      expect(logs).not.toContain('dkt_guess');
      expect(logs).not.toContain(token);
    },
  );

  it.skipIf(!available(provider))('a revoked token stops working', async () => {
    const spare = (await h.run('holder', '/coalition token create name:"spare"')).reply.lines![1] as string;
    expect((await get('/api/reports/2026', spare)).status).toBe(200);
    expect((await h.run('boot', '/coalition token revoke name:"spare"')).ok).toBe(true);
    expect((await get('/api/reports/2026', spare)).status).toBe(403);
  });

  it.skipIf(!available(provider))(
    'a token dies when its holder leaves the secretariat, for good',
    async () => {
      // Even a holder demoted behind Docket's back (no command) is refused at once.
      await h.db.person.updateMany({ where: { displayName: 'holder' }, data: { role: 'MEMBER' } });
      expect((await get('/api/reports/2026', token)).status).toBe(403);
      await h.db.person.updateMany({ where: { displayName: 'holder' }, data: { role: 'SECRETARIAT' } });
      expect((await get('/api/reports/2026', token)).status).toBe(200);
      expect((await h.run('boot', '/coalition admins remove console:holder')).ok).toBe(true);
      expect(await h.db.apiToken.count()).toBe(0);
      expect((await h.run('boot', '/coalition admins add console:holder')).ok).toBe(true);
      // Re-added, the holder's old token stays dead; with no token left the API is off again.
      expect((await get('/api/reports/2026', token)).status).toBe(404);
    },
  );
});
