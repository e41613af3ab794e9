// The governed-membership migration turns yesterday's data into the new model: every organisation
// verified as of its creation with the standing it had, every listed person approved, a person's
// own OBSERVER role (which standing replaced) plain membership, learnings and RSVPs verified.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/services/db/client.ts';
import { migrate, migrationsDir, readMigrations } from '../../src/services/db/migrator.ts';
import { available, freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases.ts';
import { harness } from '../helpers/harness.ts';

const MIGRATION = 'governed_membership';

describe.each(PROVIDERS)('the governed-membership migration on %s', (provider) => {
  let database: TestDatabase | undefined;
  afterEach(async () => database?.drop());

  it.skipIf(!available(provider))('migrates organisations, people and marks sensibly', async () => {
    database = await freshDatabase(provider);
    // The database as it was before this migration.
    const before = mkdtempSync(path.join(os.tmpdir(), 'docket-mig-'));
    const all = readMigrations(migrationsDir(provider));
    const cutoff = all.find((m) => m.name.endsWith(MIGRATION))!.name;
    for (const m of all.filter((x) => x.name < cutoff))
      cpSync(path.join(migrationsDir(provider), m.name), path.join(before, m.name), { recursive: true });
    await migrate(database.url, before);
    rmSync(before, { recursive: true, force: true });
    const db = createDb(database.url);
    const at = (iso: string) =>
      provider === 'sqlite' ? `'${iso}'` : `TIMESTAMP '${iso.replace('T', ' ').replace('Z', '')}'`;
    const sql = [
      `INSERT INTO "Coalition" ("id", "slug", "name") VALUES (1, 'justice', 'OGP Justice Coalition')`,
      `INSERT INTO "Organization" ("id", "coalitionId", "name", "nameKey", "type", "status", "createdAt") VALUES (1, 1, 'Ministry', 'ministry', 'GOVERNMENT', 'MEMBER', ${at('2025-03-01T10:00:00.000Z')})`,
      `INSERT INTO "Organization" ("id", "coalitionId", "name", "nameKey", "type", "status", "createdAt") VALUES (2, 1, 'Watch', 'watch', 'CIVIL_SOCIETY', 'OBSERVER', ${at('2025-04-01T10:00:00.000Z')})`,
      `INSERT INTO "Person" ("id", "coalitionId", "organizationId", "displayName", "role", "joinedAt") VALUES (1, 1, 1, 'ana', 'MEMBER', ${at('2025-03-01T10:00:00.000Z')})`,
      `INSERT INTO "Person" ("id", "coalitionId", "organizationId", "displayName", "role", "joinedAt") VALUES (2, 1, 1, 'lea', 'OBSERVER', ${at('2025-03-02T10:00:00.000Z')})`,
      `INSERT INTO "Person" ("id", "coalitionId", "organizationId", "displayName", "role", "joinedAt") VALUES (3, 1, 2, 'obs', 'OBSERVER', ${at('2025-04-01T10:00:00.000Z')})`,
      `INSERT INTO "Identity" ("id", "coalitionId", "personId", "platform", "externalId", "spaceId") VALUES (1, 1, 1, 'CONSOLE', 'ana', 'console')`,
      `INSERT INTO "Identity" ("id", "coalitionId", "personId", "platform", "externalId", "spaceId") VALUES (2, 1, 3, 'CONSOLE', 'obs', 'console')`,
      `INSERT INTO "ChatSpace" ("id", "coalitionId", "platform", "externalId") VALUES (1, 1, 'CONSOLE', 'console')`,
      `INSERT INTO "Learning" ("id", "coalitionId", "number", "title", "summary", "authorId", "organizationId", "orgType") VALUES (1, 1, 1, 'Old learning', 'Shared before.', 1, 1, 'GOVERNMENT')`,
    ];
    for (const s of sql) await db.$executeRawUnsafe(s);
    await db.$disconnect();

    expect((await migrate(database.url)).some((m) => m.endsWith(MIGRATION))).toBe(true);
    const after = createDb(database.url);
    const orgs = await after.organization.findMany({ orderBy: { id: 'asc' } });
    expect(orgs.map((o) => [o.name, o.status, o.verifiedAt?.toISOString(), o.declinedAt])).toEqual([
      ['Ministry', 'MEMBER', '2025-03-01T10:00:00.000Z', null],
      ['Watch', 'OBSERVER', '2025-04-01T10:00:00.000Z', null],
    ]);
    const people = await after.person.findMany({ orderBy: { id: 'asc' } });
    expect(people.map((p) => [p.displayName, p.role, p.organizationId])).toEqual([
      ['ana', 'MEMBER', 1],
      ['lea', 'MEMBER', 1],
      ['obs', 'MEMBER', 2],
    ]);
    expect((await after.learning.findFirstOrThrow()).verified).toBe(true);
    expect(await after.auditEntry.count({ where: { action: 'membership.migrated' } })).toBe(1);
    await after.$disconnect();

    // And the new rules hold on the old data.
    const h = await harness(provider, { db: database });
    const log =
      '/commitment log title:"Open hearings" member:Kenya plan:2024-2028 description:"Hearing lists online." themes:sdg16';
    expect((await h.run('ana', log)).ok).toBe(true);
    expect((await h.run('obs', log)).reply.lines?.[0]).toContain('only members can do this');
    const report = await h.services.reports.annual(1, 2025);
    expect(report.members).toMatchObject({ total: 2, pending: 0, byStatus: { MEMBER: 1, OBSERVER: 1 } });
    await h.close();
  });
});
