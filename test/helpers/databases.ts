// The same suites run on SQLite and PostgreSQL. Each call makes a fresh database and drops it after;
// when no PostgreSQL answers, its suites are skipped with a note (DOCKET_TEST_PG_URL picks another).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.DOCKET_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function pgReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const hasPostgres = await pgReachable();
if (!hasPostgres && process.env.DOCKET_TEST_REQUIRE_PG)
  throw new Error(`PostgreSQL is required (DOCKET_TEST_REQUIRE_PG) but not reachable at ${PG_ADMIN_URL}`);
if (!hasPostgres && !(globalThis as { __docketPgNoted?: boolean }).__docketPgNoted) {
  (globalThis as { __docketPgNoted?: boolean }).__docketPgNoted = true;
  console.warn(
    `PostgreSQL is not reachable at ${PG_ADMIN_URL.replace(/\/\/[^@]*@/, '//…@')}: PostgreSQL suites are skipped.`,
  );
}

export type Provider = 'sqlite' | 'postgresql';
export const PROVIDERS: Provider[] = ['sqlite', 'postgresql'];
export const available = (p: Provider) => p === 'sqlite' || hasPostgres;

export async function freshDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-test-'));
    return {
      url: `file:${path.join(dir, 'test.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `docket_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
