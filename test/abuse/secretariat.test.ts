// Abuse: who the secretariat is. It lives in the database, so two instances started with different
// DOCKET_ADMINS agree; the list only ever adds, at start; nobody else can make themselves secretariat;
// the last one stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases.ts';
import { harness, type Harness } from '../helpers/harness.ts';

describe.each(PROVIDERS)('abuse: the secretariat on %s', (provider) => {
  let db: TestDatabase;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    db = await freshDatabase(provider);
    // Two instances on one database, each with its own DOCKET_ADMINS.
    a = await harness(provider, { db, admins: ['console:alice'] });
    b = await harness(provider, { db, admins: ['console:bob', 'slack:UCAROL'] });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it.skipIf(!available(provider))(
    'two instances with different DOCKET_ADMINS agree, also on someone who never spoke',
    async () => {
      for (const [h, who] of [
        [a, 'alice'],
        [a, 'bob'],
        [b, 'alice'],
        [b, 'bob'],
      ] as const)
        expect((await h.run(who, '/coalition settings')).ok, `${who} on ${h === a ? 'A' : 'B'}`).toBe(true);
      // carol is only in B's list and has never spoken: her first command, on A, finds her secretariat.
      const carol = { platform: 'SLACK', spaceId: 'T1', userId: 'UCAROL', displayName: 'Carol' };
      expect((await a.run('x', '/coalition settings', carol)).ok).toBe(true);
      const listed = await a.text('alice', '/coalition admins');
      for (const line of ['alice (console:alice)', 'bob (console:bob)', 'Carol (slack:ucarol)'])
        expect(listed.toLowerCase()).toContain(line.toLowerCase());
    },
  );

  it.skipIf(!available(provider))(
    'nobody makes themselves secretariat, and a refusal writes nothing',
    async () => {
      for (const line of [
        '/coalition admins add console:mallory',
        '/coalition admins remove console:alice',
        '/coalition token create name:"mine"',
        '/coalition settings timezone:UTC',
        '/member join "Secretariat" type:multilateral role:secretariat',
      ]) {
        const before = await a.counts();
        const out = await a.run('mallory', line);
        expect(out.ok, line).toBe(false);
        expect(await a.counts(), line).toEqual(before);
      }
      // Failed first commands did not even register mallory.
      expect(await a.db.person.count({ where: { displayName: 'mallory' } })).toBe(0);
    },
  );

  it.skipIf(!available(provider))(
    'the last one stays; DOCKET_ADMINS is never a way to demote, only a way to add',
    async () => {
      // A refuses to remove its own DOCKET_ADMINS entry; B, whose list does not name alice, may.
      expect((await a.run('bob', '/coalition admins remove console:alice')).reply.lines?.[0]).toContain(
        'is named in this server’s DOCKET_ADMINS',
      );
      expect((await b.run('bob', '/coalition admins remove console:alice')).ok).toBe(true);
      expect((await a.run('bob', '/coalition admins remove slack:UCAROL')).ok).toBe(true);
      // bob is last now: on A (whose list does not name him) he cannot remove himself.
      const before = await a.counts();
      expect((await a.run('bob', '/coalition admins remove console:bob')).reply.lines).toEqual([
        'bob is the last of the secretariat: add someone else first.',
      ]);
      expect(await a.counts()).toEqual(before);
      // A restart of B with an emptier list demotes nobody; A's restart makes alice secretariat again.
      await b.restart();
      expect((await b.run('bob', '/coalition settings')).ok).toBe(true);
      await a.restart();
      expect((await b.run('alice', '/coalition settings')).ok).toBe(true);
      expect(await a.db.auditEntry.count({ where: { action: 'secretariat.bootstrap' } })).toBeGreaterThan(0);
    },
  );
});
