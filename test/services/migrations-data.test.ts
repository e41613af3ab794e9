// Existing data survives the platform-contract migration and every later one: identities learn
// their workspace, platform names stay as they were, Discord scheduled events move to the mirror
// table, and rows hanging off tables SQLite rebuilds (RSVPs, people) are all still there.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/services/db/client.ts';
import { migrate, migrationsDir, readMigrations } from '../../src/services/db/migrator.ts';
import { bulkInsert } from '../helpers/bulk.ts';
import { available, freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases.ts';

const CONTRACT = 'platform_contract';

describe.each(PROVIDERS)('the platform-contract migration on %s', (provider) => {
  let database: TestDatabase | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!available(provider))(
    'keeps identities, spaces and Discord events, now with their workspace',
    async () => {
      database = await freshDatabase(provider);
      // The schema as it was before: every migration up to the contract's.
      dir = mkdtempSync(path.join(os.tmpdir(), 'docket-before-'));
      for (const m of readMigrations(migrationsDir(provider))) {
        if (m.name.endsWith(CONTRACT)) break;
        cpSync(path.join(migrationsDir(provider), m.name), path.join(dir, m.name), { recursive: true });
      }
      cpSync(
        path.join(migrationsDir(provider), 'migration_lock.toml'),
        path.join(dir, 'migration_lock.toml'),
      );
      await migrate(database.url, dir);
      const at = new Date('2026-11-01T10:00:00Z');
      await bulkInsert(database.url, 'Coalition', [
        { id: 1, slug: 'justice', name: 'Justice', createdAt: at },
      ]);
      await bulkInsert(database.url, 'ChatSpace', [
        { id: 1, coalitionId: 1, platform: 'SLACK', externalId: 'T1', createdAt: at },
        { id: 2, coalitionId: 1, platform: 'DISCORD', externalId: '200', createdAt: at },
      ]);
      await bulkInsert(database.url, 'Person', [
        { id: 1, coalitionId: 1, displayName: 'Ana', role: 'MEMBER', createdAt: at },
        { id: 2, coalitionId: 1, displayName: 'Luc', role: 'MEMBER', createdAt: at },
      ]);
      await bulkInsert(database.url, 'Identity', [
        { id: 1, coalitionId: 1, personId: 1, platform: 'SLACK', externalId: 'UA', createdAt: at },
        { id: 2, coalitionId: 1, personId: 2, platform: 'DISCORD', externalId: '700', createdAt: at },
      ]);
      await bulkInsert(database.url, 'Meeting', [
        {
          id: 1,
          coalitionId: 1,
          number: 1,
          title: 'Mirrored',
          kind: 'VIRTUAL',
          startsAt: at,
          timezone: 'UTC',
          durationMinutes: 60,
          chatSpaceId: 2,
          externalEventId: '555',
          sequence: 3,
          createdAt: at,
          updatedAt: at,
        },
      ]);

      // Rows that hang off rebuilt tables (SQLite rebuilds Meeting, Coalition…): none may be lost.
      await bulkInsert(database.url, 'Rsvp', [
        { id: 1, meetingId: 1, personId: 2, answer: 'YES', observer: false, updatedAt: at },
      ]);
      const applied = await migrate(database.url);
      expect(applied.some((name) => name.endsWith(CONTRACT))).toBe(true);
      const db = createDb(database.url);
      try {
        const identities = await db.identity.findMany({ orderBy: { id: 'asc' } });
        expect(identities.map((i) => [i.platform, i.externalId, i.spaceId])).toEqual([
          ['SLACK', 'UA', 'T1'],
          ['DISCORD', '700', '200'],
        ]);
        expect((await db.chatSpace.findMany({ orderBy: { id: 'asc' } })).map((s) => s.platform)).toEqual([
          'SLACK',
          'DISCORD',
        ]);
        expect(await db.rsvp.count()).toBe(1);
        expect(await db.person.count()).toBe(2);
        const mirrors = await db.externalEvent.findMany();
        expect(mirrors).toEqual([
          expect.objectContaining({
            coalitionId: 1,
            subject: 'meeting:1',
            platform: 'DISCORD',
            spaceId: '200',
            externalId: '555',
            version: 3,
          }),
        ]);
      } finally {
        await db.$disconnect();
      }
    },
  );
});
