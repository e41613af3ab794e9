import { UserError } from '../core/errors.ts';
import { Ref } from '../core/refs.ts';
import { searchKey, type ServiceDeps } from './context.ts';
import type { Prisma } from './db/client.ts';
import { auditService } from './audit.service.ts';
import { recordCompletion } from './completion-history.ts';
import { nextNumber } from './sequence.ts';
import type { Actor, CompletionName, ThemeName } from './types.ts';

export interface CommitmentUpdateView {
  completion: CompletionName;
  previousCompletion: CompletionName | null;
  note: string;
  evidenceUrl: string | null;
  author: string | null;
  createdAt: Date;
}

export interface CommitmentView {
  number: number;
  ogpId: string | null;
  member: string;
  planPeriod: string;
  title: string;
  description: string;
  leadInstitution: string | null;
  peopleCentred: boolean;
  sdgTargets: string[];
  themes: ThemeName[];
  completion: CompletionName;
  organizationId: number | null;
  organization: string | null;
  lastUpdateAt: Date;
  createdAt: Date;
  updates: CommitmentUpdateView[];
}

const include = {
  themes: true,
  organization: true,
  updates: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 5, include: { author: true } },
} satisfies Prisma.CommitmentInclude;

type Row = {
  number: number;
  ogpId: string | null;
  member: string;
  planPeriod: string;
  title: string;
  description: string;
  leadInstitution: string | null;
  peopleCentred: boolean;
  sdgTargets: string;
  completion: string;
  organizationId: number | null;
  lastUpdateAt: Date;
  createdAt: Date;
  themes: { theme: string }[];
  organization: { name: string } | null;
  updates: {
    completion: string;
    previousCompletion: string | null;
    note: string;
    evidenceUrl: string | null;
    createdAt: Date;
    author: { displayName: string; erasedAt: Date | null } | null;
  }[];
};

const view = (c: Row): CommitmentView => ({
  number: c.number,
  ogpId: c.ogpId,
  member: c.member,
  planPeriod: c.planPeriod,
  title: c.title,
  description: c.description,
  leadInstitution: c.leadInstitution,
  peopleCentred: c.peopleCentred,
  sdgTargets: c.sdgTargets.split(',').filter(Boolean),
  themes: c.themes.map((t) => t.theme as ThemeName).sort(),
  completion: c.completion as CompletionName,
  organizationId: c.organizationId,
  organization: c.organization?.name ?? null,
  lastUpdateAt: c.lastUpdateAt,
  createdAt: c.createdAt,
  updates: c.updates.map((u) => ({
    completion: u.completion as CompletionName,
    previousCompletion: u.previousCompletion as CompletionName | null,
    note: u.note,
    evidenceUrl: u.evidenceUrl,
    author: u.author && !u.author.erasedAt ? u.author.displayName : null,
    createdAt: u.createdAt,
  })),
});

export function commitmentService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);

  async function get(coalitionId: number, number: number): Promise<CommitmentView> {
    const row = await db.commitment.findUnique({
      where: { coalitionId_number: { coalitionId, number } },
      include,
    });
    if (!row) throw new UserError('commitment.not_found', { id: Ref.commitment(number) });
    return view(row);
  }

  /**
   * The commitment, for someone who speaks for it: the people of the organisation that logged it,
   * or the secretariat. The one owner check for updates, indicators, measurements and milestones.
   */
  async function forOwner(actor: Actor, number: number) {
    const row = await db.commitment.findUnique({
      where: { coalitionId_number: { coalitionId: actor.coalition.id, number } },
    });
    if (!row) throw new UserError('commitment.not_found', { id: Ref.commitment(number) });
    if (
      actor.role !== 'SECRETARIAT' &&
      (row.organizationId === null || row.organizationId !== actor.organization?.id)
    ) {
      throw new UserError('commitment.not_owner', { id: Ref.commitment(number) });
    }
    return row;
  }

  return {
    get,
    forOwner,

    /** Autocomplete: commitments whose title, member or OGP id matches, or whose number starts so. */
    async suggest(
      coalitionId: number,
      query: string,
      limit: number,
    ): Promise<{ number: number; title: string }[]> {
      const q = query.trim().replace(/^c(?=\d)/i, '');
      const byNumber = /^\d+$/.test(q) ? [{ number: Number(q) }] : [];
      return db.commitment.findMany({
        where: {
          coalitionId,
          ...(q ? { OR: [{ searchText: { contains: searchKey(q) } }, ...byNumber] } : {}),
        },
        select: { number: true, title: true },
        orderBy: [{ lastUpdateAt: 'desc' }],
        take: limit,
      });
    },

    async log(
      actor: Actor,
      input: {
        title: string;
        member: string;
        plan: string;
        description: string;
        institution?: string;
        themes: ThemeName[];
        ogp_id?: string;
        people_centred: boolean;
        sdg: string[];
      },
    ) {
      const coalitionId = actor.coalition.id;
      const ogpId = input.ogp_id?.toUpperCase() ?? null;
      if (ogpId) {
        const clash = await db.commitment.findUnique({
          where: { coalitionId_ogpId: { coalitionId, ogpId } },
        });
        if (clash)
          throw new UserError('commitment.duplicate_ogp_id', { ogpId, id: Ref.commitment(clash.number) });
      }
      const number = await nextNumber(db, coalitionId, 'commitmentSeq');
      const now = clock.now();
      const row = await db.commitment.create({
        data: {
          coalitionId,
          number,
          ogpId,
          member: input.member,
          planPeriod: input.plan,
          title: input.title,
          description: input.description,
          leadInstitution: input.institution ?? null,
          peopleCentred: input.people_centred,
          sdgTargets: input.sdg.join(','),
          searchText: searchKey(input.title, input.member, ogpId),
          organizationId: actor.organization?.id ?? null,
          createdById: actor.personId,
          createdAt: now,
          lastUpdateAt: now,
          themes: { create: input.themes.map((theme) => ({ theme })) },
          completions: { create: { completion: 'NOT_STARTED', setAt: now, source: 'log' } },
        },
        include,
      });
      await audit.record(coalitionId, actor.personId, 'commitment.log', Ref.commitment(number));
      return view(row);
    },

    async update(
      actor: Actor,
      input: { id: number; completion: CompletionName; note: string; evidence?: string },
    ) {
      const coalitionId = actor.coalition.id;
      const row = await forOwner(actor, input.id);
      const now = clock.now();
      await db.commitmentUpdate.create({
        data: {
          commitmentId: row.id,
          authorId: actor.personId,
          note: input.note,
          evidenceUrl: input.evidence ?? null,
          completion: input.completion,
          previousCompletion: row.completion,
          createdAt: now,
        },
      });
      await db.commitment.update({
        where: { id: row.id },
        data: { completion: input.completion, lastUpdateAt: now, nudgedAt: null },
      });
      await recordCompletion(db, row.id, input.completion, now, 'update');
      await audit.record(coalitionId, actor.personId, 'commitment.update', Ref.commitment(input.id), {
        from: row.completion,
        to: input.completion,
      });
      return { commitment: await get(coalitionId, input.id), previous: row.completion as CompletionName };
    },

    async list(
      coalitionId: number,
      q: { query?: string; completion?: CompletionName; theme?: ThemeName; page: number; pageSize: number },
    ) {
      const where = {
        coalitionId,
        ...(q.query ? { searchText: { contains: searchKey(q.query) } } : {}),
        ...(q.completion ? { completion: q.completion } : {}),
        ...(q.theme ? { themes: { some: { theme: q.theme } } } : {}),
      };
      // One connection per transaction: queries run in turn, never side by side.
      const total = await db.commitment.count({ where });
      const rows = await db.commitment.findMany({
        where,
        include,
        orderBy: [{ number: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      });
      return { total, items: rows.map(view) };
    },
  };
}
