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
const COALITION_REBUILD = '_meetings_series_registration_outcomes';

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

const EVIDENCE = 'evidence';

describe.each(PROVIDERS)('the evidence migration on %s', (provider) => {
  let database: TestDatabase | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!available(provider))(
    'rebuilds each commitment’s completion history from its updates, and numbers existing milestones',
    async () => {
      database = await freshDatabase(provider);
      dir = mkdtempSync(path.join(os.tmpdir(), 'docket-before-'));
      for (const m of readMigrations(migrationsDir(provider))) {
        if (m.name.endsWith(EVIDENCE)) break;
        cpSync(path.join(migrationsDir(provider), m.name), path.join(dir, m.name), { recursive: true });
      }
      cpSync(
        path.join(migrationsDir(provider), 'migration_lock.toml'),
        path.join(dir, 'migration_lock.toml'),
      );
      await migrate(database.url, dir);
      const d = (iso: string) => new Date(iso);
      await bulkInsert(database.url, 'Coalition', [
        {
          id: 1,
          slug: 'justice',
          name: 'Justice',
          timezone: 'Europe/Paris',
          createdAt: d('2024-01-01T00:00:00Z'),
        },
      ]);
      const commitment = (id: number, completion: string, createdAt: string) => ({
        id,
        coalitionId: 1,
        number: id,
        member: 'Kenya',
        planPeriod: '2024-2028',
        title: `Commitment ${id}`,
        description: 'Before the history existed.',
        completion,
        createdAt: d(createdAt),
        lastUpdateAt: d(createdAt),
      });
      await bulkInsert(database.url, 'Commitment', [
        // Updated twice, the second time in the next year.
        commitment(1, 'COMPLETE', '2024-03-01T10:00:00Z'),
        // Imported at SUBSTANTIAL, never updated.
        commitment(2, 'SUBSTANTIAL', '2024-04-01T10:00:00Z'),
        // Updated once, then re-imported at another level (when is not known).
        commitment(3, 'COMPLETE', '2024-05-01T10:00:00Z'),
      ]);
      await bulkInsert(database.url, 'CommitmentUpdate', [
        {
          id: 1,
          commitmentId: 1,
          note: 'a',
          completion: 'LIMITED',
          previousCompletion: 'NOT_STARTED',
          createdAt: d('2024-06-01T10:00:00Z'),
        },
        {
          id: 2,
          commitmentId: 1,
          note: 'b',
          completion: 'COMPLETE',
          previousCompletion: 'LIMITED',
          createdAt: d('2025-02-01T10:00:00Z'),
        },
        {
          id: 3,
          commitmentId: 3,
          note: 'c',
          completion: 'LIMITED',
          previousCompletion: 'NOT_STARTED',
          createdAt: d('2024-07-01T10:00:00Z'),
        },
      ]);
      await bulkInsert(database.url, 'Milestone', [
        { id: 1, commitmentId: 1, title: 'First', dueDate: d('2024-09-30T00:00:00Z') },
        { id: 2, commitmentId: 2, title: 'Other', dueDate: null },
        { id: 3, commitmentId: 1, title: 'Second', dueDate: d('2025-09-30T00:00:00Z') },
      ]);

      const applied = await migrate(database.url);
      expect(applied.some((name) => name.endsWith(EVIDENCE))).toBe(true);
      const db = createDb(database.url);
      try {
        const rows = await db.completionChange.findMany({
          orderBy: [{ commitmentId: 'asc' }, { setAt: 'asc' }],
        });
        const migratedAt = rows.find((r) => r.commitmentId === 3 && r.until === null)!.setAt;
        expect(Math.abs(migratedAt.getTime() - Date.now())).toBeLessThan(120_000);
        expect(
          rows.map((r) => [
            r.commitmentId,
            r.completion,
            r.setAt.toISOString(),
            r.until?.toISOString() ?? null,
          ]),
        ).toEqual([
          [1, 'NOT_STARTED', '2024-03-01T10:00:00.000Z', '2024-06-01T10:00:00.000Z'],
          [1, 'LIMITED', '2024-06-01T10:00:00.000Z', '2025-02-01T10:00:00.000Z'],
          [1, 'COMPLETE', '2025-02-01T10:00:00.000Z', null],
          [2, 'SUBSTANTIAL', '2024-04-01T10:00:00.000Z', null],
          [3, 'NOT_STARTED', '2024-05-01T10:00:00.000Z', '2024-07-01T10:00:00.000Z'],
          [3, 'LIMITED', '2024-07-01T10:00:00.000Z', migratedAt.toISOString()],
          [3, 'COMPLETE', migratedAt.toISOString(), null],
        ]);
        expect(rows.every((r) => r.source === 'migration')).toBe(true);
        const milestones = await db.milestone.findMany({ orderBy: { id: 'asc' } });
        expect(milestones.map((m) => [m.commitmentId, m.number, m.title])).toEqual([
          [1, 1, 'First'],
          [2, 1, 'Other'],
          [1, 2, 'Second'],
        ]);
        const { createServices, defaultServiceConfig, systemClock } =
          await import('../../src/services/index.ts');
        const services = createServices(db, defaultServiceConfig(), systemClock);
        // 2024 as it stood: C1 limited, C2 substantial (imported so), C3 limited.
        expect((await services.reports.annual(1, 2024)).commitments.byCompletion).toMatchObject({
          LIMITED: 2,
          SUBSTANTIAL: 1,
          COMPLETE: 0,
        });
      } finally {
        await db.$disconnect();
      }
    },
  );
});

describe.each(PROVIDERS)('rebuilding a parent table on %s', (provider) => {
  let database: TestDatabase | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // SQLite's migration that adds the meetings' columns (publish among them) rebuilds the Coalition
  // table (DROP TABLE inside): with foreign keys enforced that would cascade to every row of the
  // coalition.
  it.skipIf(!available(provider))(
    'keeps every row that hangs off Coalition through the migration that rebuilds it',
    async () => {
      database = await freshDatabase(provider);
      dir = mkdtempSync(path.join(os.tmpdir(), 'docket-before-'));
      for (const m of readMigrations(migrationsDir(provider))) {
        if (m.name.endsWith(COALITION_REBUILD)) break;
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
      await bulkInsert(database.url, 'Person', [
        { id: 1, coalitionId: 1, displayName: 'Ana', role: 'MEMBER', createdAt: at },
      ]);
      await bulkInsert(database.url, 'Commitment', [
        {
          id: 1,
          coalitionId: 1,
          number: 1,
          member: 'Kenya',
          planPeriod: '2024-2028',
          title: 'Kept',
          description: 'Survives the rebuild.',
          createdAt: at,
          lastUpdateAt: at,
        },
      ]);
      expect((await migrate(database.url)).some((n) => n.endsWith(COALITION_REBUILD))).toBe(true);
      const db = createDb(database.url);
      try {
        expect(await db.person.count()).toBe(1);
        expect(await db.commitment.count()).toBe(1);
        expect(await db.coalition.findFirstOrThrow()).toMatchObject({ slug: 'justice', publish: false });
      } finally {
        await db.$disconnect();
      }
    },
  );
});
