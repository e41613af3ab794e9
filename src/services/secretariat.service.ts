// The secretariat lives in the database, so every instance agrees on it. DOCKET_ADMINS is a
// bootstrap: each instance, at start, makes the people it names secretariat (now, or on first
// contact through a grant) and never removes anyone; /coalition admins adds and removes the rest.
import { UserError } from '../core/errors.ts';
import type { ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import { peopleService, platformName, type PersonSpec } from './people.service.ts';
import type { Actor } from './types.ts';

/** `slack:U123` → { platform: 'SLACK', externalId: 'U123' }. */
export const parseAdmin = (entry: string): { platform: string; externalId: string } | null => {
  const m = /^([a-z]+):([^:\s]+)$/i.exec(entry.trim());
  return m ? { platform: platformName(m[1]!), externalId: m[2]! } : null;
};

export interface SecretariatList {
  people: { personId: number; name: string; ids: string[]; bootstrap: boolean }[];
  /** Named ahead of their first contact (DOCKET_ADMINS or /coalition admins add). */
  waiting: { id: string; bootstrap: boolean }[];
}

export function secretariatService(deps: ServiceDeps) {
  const { db, config } = deps;
  const audit = auditService(deps);
  const people = peopleService(deps);
  const idOf = (platform: string, externalId: string) => `${platform.toLowerCase()}:${externalId}`;
  const personId = (a: Actor) => {
    if (a.personId === null) throw new Error('actor must be ensured before a write');
    return a.personId;
  };

  /** People with the secretariat role in a coalition, not erased. */
  const members = (coalitionId: number) =>
    db.person.findMany({
      where: { coalitionId, role: 'SECRETARIAT', erasedAt: null },
      include: { identities: { select: { platform: true, externalId: true } } },
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
    });

  return {
    /**
     * DOCKET_ADMINS at start: a grant for each entry (first contact anywhere makes them secretariat)
     * and the role for those already known. Adds only; idempotent; safe with several instances.
     */
    async bootstrap(entries: readonly string[]): Promise<number> {
      let promoted = 0;
      for (const entry of entries) {
        const id = parseAdmin(entry);
        if (!id) continue;
        try {
          await db.secretariatGrant.upsert({
            where: { scope_platform_externalId: { scope: '*', ...id } },
            create: { scope: '*', ...id, source: 'env' },
            update: {},
          });
        } catch (error) {
          // Another instance starting at the same moment wrote it first.
          if ((error as { code?: string }).code !== 'P2002') throw error;
        }
        const known = await db.person.findMany({
          where: {
            erasedAt: null,
            role: { not: 'SECRETARIAT' },
            identities: { some: { platform: id.platform, externalId: id.externalId } },
          },
          select: { id: true, coalitionId: true },
        });
        for (const p of known) {
          await db.person.update({ where: { id: p.id }, data: { role: 'SECRETARIAT' } });
          await audit.record(p.coalitionId, null, 'secretariat.bootstrap', `person:${p.id}`, {
            via: 'DOCKET_ADMINS',
          });
          promoted++;
        }
      }
      return promoted;
    },

    /** Is this id listed in this instance's DOCKET_ADMINS? */
    bootstrapped: (platform: string, externalId: string) => config.admins.has(idOf(platform, externalId)),

    async list(coalitionId: number): Promise<SecretariatList> {
      const rows = await members(coalitionId);
      const envGrants = new Set(
        (await db.secretariatGrant.findMany({ where: { scope: '*' } })).map((g) =>
          idOf(g.platform, g.externalId),
        ),
      );
      const grants = await db.secretariatGrant.findMany({
        where: { scope: { in: ['*', String(coalitionId)] } },
        orderBy: { id: 'asc' },
      });
      const seen = new Set(
        (
          await db.identity.findMany({
            where: {
              coalitionId,
              OR: grants.map((g) => ({ platform: g.platform, externalId: g.externalId })),
            },
            select: { platform: true, externalId: true },
          })
        ).map((i) => idOf(i.platform, i.externalId)),
      );
      return {
        people: rows.map((p) => {
          const ids = p.identities.map((i) => idOf(i.platform, i.externalId));
          return { personId: p.id, name: p.displayName, ids, bootstrap: ids.some((i) => envGrants.has(i)) };
        }),
        waiting: [
          ...new Map(
            grants
              .map((g) => idOf(g.platform, g.externalId))
              .filter((id) => !seen.has(id))
              .map((id) => [id, { id, bootstrap: envGrants.has(id) }]),
          ).values(),
        ],
      };
    },

    /** Makes someone secretariat: a known person at once, a platform id not seen yet on first contact. */
    async add(actor: Actor, spec: PersonSpec): Promise<{ name: string; waiting: boolean; already: boolean }> {
      const coalitionId = actor.coalition.id;
      const found = await people.lookup(coalitionId, spec);
      if (found.person) {
        if (found.person.role === 'SECRETARIAT')
          return { name: found.person.displayName, waiting: false, already: true };
        await db.person.update({ where: { id: found.person.id }, data: { role: 'SECRETARIAT' } });
        await audit.record(coalitionId, personId(actor), 'secretariat.add', `person:${found.person.id}`);
        return { name: found.person.displayName, waiting: false, already: false };
      }
      const id = { platform: found.platform!, externalId: found.externalId! };
      await db.secretariatGrant.upsert({
        where: { scope_platform_externalId: { scope: String(coalitionId), ...id } },
        create: { scope: String(coalitionId), ...id, source: 'command' },
        update: {},
      });
      await audit.record(coalitionId, personId(actor), 'secretariat.add', idOf(id.platform, id.externalId), {
        waiting: true,
      });
      return { name: idOf(id.platform, id.externalId), waiting: true, already: false };
    },

    /**
     * Removes someone from the secretariat. The last one stays (someone must be able to settle
     * requests); someone this instance's DOCKET_ADMINS names would be made secretariat again at
     * the next start, so that is refused with the way out.
     */
    async remove(actor: Actor, spec: PersonSpec): Promise<{ name: string }> {
      const coalitionId = actor.coalition.id;
      const found = await people.lookup(coalitionId, spec);
      if (!found.person) {
        const id = { platform: found.platform!, externalId: found.externalId! };
        const gone = await db.secretariatGrant.deleteMany({ where: { scope: String(coalitionId), ...id } });
        const label = idOf(id.platform, id.externalId);
        if (gone.count === 0) throw new UserError('coalition.admins.not_admin', { name: label });
        await audit.record(coalitionId, personId(actor), 'secretariat.remove', label, { waiting: true });
        return { name: label };
      }
      const target = await db.person.findUniqueOrThrow({
        where: { id: found.person.id },
        include: { identities: true },
      });
      if (target.role !== 'SECRETARIAT')
        throw new UserError('coalition.admins.not_admin', { name: target.displayName });
      const env = target.identities.find((i) => config.admins.has(idOf(i.platform, i.externalId)));
      if (env)
        throw new UserError('coalition.admins.bootstrap', {
          name: target.displayName,
          id: idOf(env.platform, env.externalId),
        });
      const others = await db.person.count({
        where: { coalitionId, role: 'SECRETARIAT', erasedAt: null, id: { not: target.id } },
      });
      if (others === 0) throw new UserError('coalition.admins.last', { name: target.displayName });
      await db.person.update({ where: { id: target.id }, data: { role: 'MEMBER' } });
      // Their API tokens die with their place in the secretariat (re-adding them revives none).
      const tokens = await db.apiToken.deleteMany({ where: { personId: target.id } });
      // Grants for their identities go too, or a new coalition would make them secretariat again.
      for (const i of target.identities)
        await db.secretariatGrant.deleteMany({
          where: {
            scope: { in: ['*', String(coalitionId)] },
            platform: i.platform,
            externalId: i.externalId,
          },
        });
      await audit.record(coalitionId, personId(actor), 'secretariat.remove', `person:${target.id}`, {
        tokens: tokens.count,
      });
      return { name: target.displayName };
    },

    /** The secretariat's people ids in a coalition (to tell them what waits for them). */
    async ids(coalitionId: number): Promise<number[]> {
      return (await members(coalitionId)).map((p) => p.id);
    },
  };
}
