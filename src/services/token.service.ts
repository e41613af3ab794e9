// Per-person API tokens: a secretariat person creates one, sees it once, and only its sha256 is
// kept. A token reads its own coalition, and stops working the moment its holder leaves the
// secretariat (or is erased): that is checked on every use, not remembered.
import { createHash, randomBytes } from 'node:crypto';
import { UserError } from '../core/errors.ts';
import type { ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import type { Actor } from './types.ts';

/** Every token Docket issues starts so: easy to spot in a leaked file, cheap to reject otherwise. */
export const TOKEN_PREFIX = 'dkt_';
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface TokenRow {
  name: string;
  holder: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export function tokenService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);

  return {
    async create(actor: Actor, name: string): Promise<{ token: string }> {
      const coalitionId = actor.coalition.id;
      const taken = await db.apiToken.findUnique({ where: { coalitionId_name: { coalitionId, name } } });
      if (taken) throw new UserError('coalition.token.exists', { name });
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      await db.apiToken.create({
        data: {
          coalitionId,
          personId: actor.personId!,
          name,
          tokenHash: hash(token),
          createdAt: clock.now(),
        },
      });
      // The audit names the token, never its value.
      await audit.record(coalitionId, actor.personId, 'token.create', `token:${name}`);
      return { token };
    },

    async list(coalitionId: number): Promise<TokenRow[]> {
      const rows = await db.apiToken.findMany({
        where: { coalitionId },
        include: { person: { select: { displayName: true, erasedAt: true } } },
        orderBy: { createdAt: 'asc' },
      });
      return rows.map((r) => ({
        name: r.name,
        holder: r.person.erasedAt ? '—' : r.person.displayName,
        createdAt: r.createdAt,
        lastUsedAt: r.lastUsedAt,
      }));
    },

    async revoke(actor: Actor, name: string): Promise<void> {
      const coalitionId = actor.coalition.id;
      const gone = await db.apiToken.deleteMany({ where: { coalitionId, name } });
      if (gone.count === 0) throw new UserError('coalition.token.not_found', { name });
      await audit.record(coalitionId, actor.personId, 'token.revoke', `token:${name}`);
    },

    /** Whether any token exists: with none and no DOCKET_API_TOKEN, the API stays off. */
    async any(): Promise<boolean> {
      return (await db.apiToken.count({ take: 1 })) > 0;
    },

    /** The coalition a token reads, or null when it is unknown or its holder left the secretariat. */
    async authenticate(token: string): Promise<{ coalitionSlug: string } | null> {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
      const row = await db.apiToken.findUnique({
        where: { tokenHash: hash(token) },
        include: {
          person: { select: { role: true, erasedAt: true } },
          coalition: { select: { slug: true } },
        },
      });
      if (!row || row.person.role !== 'SECRETARIAT' || row.person.erasedAt) return null;
      await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: clock.now() } });
      return { coalitionSlug: row.coalition.slug };
    },
  };
}
