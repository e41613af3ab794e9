// Applies the committed Prisma migrations at start-up with the plain drivers, so production and a
// fresh clone need no Prisma CLI (and no native engine). The bookkeeping table is Prisma's own
// `_prisma_migrations` with the same sha256 checksums, so the official CLI accepts the database too.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { providerOf, sqliteFilePath } from './url.ts';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const root = path.resolve(import.meta.dirname, '..', '..', '..');

export function migrationsDir(provider: 'sqlite' | 'postgresql'): string {
  return path.join(root, 'prisma', provider === 'sqlite' ? 'migrations' : 'pg/migrations');
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;
const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

export class MigrationError extends Error {}

function pending(applied: Map<string, string>, all: Migration[]): Migration[] {
  for (const [name, checksum] of applied) {
    const local = all.find((m) => m.name === name);
    if (!local) throw new MigrationError(`database has migration ${name} that this version does not know`);
    if (local.checksum !== checksum)
      throw new MigrationError(`migration ${name} was edited after it was applied`);
  }
  return all.filter((m) => !applied.has(m.name));
}

/** Applies pending migrations; returns the names applied. Each migration is one transaction. */
export async function migrate(url: string, dir?: string): Promise<string[]> {
  const provider = providerOf(url);
  const migrations = readMigrations(dir ?? migrationsDir(provider));
  return provider === 'sqlite' ? migrateSqlite(url, migrations) : migratePg(url, migrations);
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const db = new Database(sqliteFilePath(url));
  try {
    db.pragma('busy_timeout = 10000');
    // Prisma's SQLite migrations rebuild a table to change it (CREATE new_X, copy, DROP X) and
    // switch foreign keys off around that; inside a transaction that PRAGMA is ignored, and
    // better-sqlite3 enforces foreign keys, so DROP TABLE "Coalition" would cascade to every row
    // of the coalition. Off for the whole run instead, and checked before each commit.
    db.pragma('foreign_keys = OFF');
    db.exec(SQLITE_TABLE);
    // IMMEDIATE takes the write lock up front: two processes starting together apply each migration once.
    const run = db.transaction(() => {
      const rows = db
        .prepare(
          'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
        )
        .all() as { migration_name: string; checksum: string }[];
      const todo = pending(new Map(rows.map((r) => [r.migration_name, r.checksum])), migrations);
      for (const m of todo) {
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0)
          throw new MigrationError(`migration ${m.name} leaves ${broken.length} rows with a missing parent`);
        db.prepare(
          'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, current_timestamp, ?, 1)',
        ).run(randomUUID(), m.checksum, m.name);
      }
      return todo.map((m) => m.name);
    });
    return run.immediate();
  } finally {
    db.close();
  }
}

async function migratePg(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // An advisory lock serialises instances that start together (Fly runs several).
    await client.query('SELECT pg_advisory_lock(72707369)');
    await client.query(PG_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const todo = pending(new Map(rows.map((r) => [r.migration_name, r.checksum])), migrations);
    for (const m of todo) {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)',
          [randomUUID(), m.checksum, m.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${m.name} failed: ${(error as Error).message}`);
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock(72707369)').catch(() => undefined);
    await client.end();
  }
}
