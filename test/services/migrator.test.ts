import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrationsDir, readMigrations } from '../../src/services/db/migrator.ts';
import { createDb } from '../../src/services/db/client.ts';
import { available, freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases.ts';

describe.each(PROVIDERS)('migrator on %s', (provider) => {
  let database: TestDatabase | undefined;
  afterEach(async () => database?.drop());

  it.skipIf(!available(provider))(
    'applies every migration once, even when instances start together',
    async () => {
      database = await freshDatabase(provider);
      const all = readMigrations(migrationsDir(provider)).map((m) => m.name);
      const results = await Promise.all([
        migrate(database.url),
        migrate(database.url),
        migrate(database.url),
      ]);
      expect(results.flat().sort()).toEqual(all.sort());
      expect(await migrate(database.url)).toEqual([]);
      const db = createDb(database.url);
      const rows = await db.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
        'SELECT migration_name, checksum FROM _prisma_migrations',
      );
      expect(rows.map((r) => r.migration_name).sort()).toEqual(all.sort());
      expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(await db.coalition.count()).toBe(0);
      await db.$disconnect();
    },
  );

  it.skipIf(!available(provider))(
    'refuses a database whose applied migration was edited, and rolls back a failing one',
    async () => {
      database = await freshDatabase(provider);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-mig-'));
      cpSync(migrationsDir(provider), dir, { recursive: true });
      await migrate(database.url, dir);
      const first = readMigrations(dir)[0]!;
      writeFileSync(path.join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited`);
      await expect(migrate(database.url, dir)).rejects.toThrow(
        `migration ${first.name} was edited after it was applied`,
      );
      writeFileSync(path.join(dir, first.name, 'migration.sql'), first.sql);
      const broken = path.join(dir, '99990101000000_broken');
      cpSync(path.join(dir, first.name), broken, { recursive: true });
      writeFileSync(
        path.join(broken, 'migration.sql'),
        'CREATE TABLE "Half" ("id" INTEGER);\nTHIS IS NOT SQL;',
      );
      await expect(migrate(database.url, dir)).rejects.toThrow();
      const db = createDb(database.url);
      const half = await db.$queryRawUnsafe<unknown[]>(
        provider === 'sqlite'
          ? `SELECT name FROM sqlite_master WHERE name = 'Half'`
          : `SELECT tablename FROM pg_tables WHERE tablename = 'Half'`,
      );
      expect(half).toEqual([]);
      await db.$disconnect();
    },
  );
});
