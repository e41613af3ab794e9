import { UserError } from '../core/errors.ts';
import { Ref } from '../core/refs.ts';
import { searchKey, type ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import { nextNumber } from './sequence.ts';
import { isApproved, isSecretariat, type Actor, type OrgTypeName, type ThemeName } from './types.ts';

export interface LearningView {
  number: number;
  title: string;
  summary: string;
  url: string | null;
  country: string | null;
  language: string;
  themes: ThemeName[];
  author: string | null;
  organization: string | null;
  orgType: OrgTypeName | null;
  usefulCount: number;
  /** False while the author's membership waits for approval. */
  verified: boolean;
  createdAt: Date;
}

const include = { themes: true, author: true, organization: true } as const;

type Row = {
  number: number;
  title: string;
  summary: string;
  url: string | null;
  country: string | null;
  language: string;
  usefulCount: number;
  verified: boolean;
  createdAt: Date;
  orgType: string | null;
  themes: { theme: string }[];
  author: { displayName: string; erasedAt: Date | null } | null;
  organization: { name: string } | null;
};

const view = (l: Row): LearningView => ({
  number: l.number,
  title: l.title,
  summary: l.summary,
  url: l.url,
  country: l.country,
  language: l.language,
  themes: l.themes.map((t) => t.theme as ThemeName).sort(),
  author: l.author && !l.author.erasedAt ? l.author.displayName : null,
  organization: l.organization?.name ?? null,
  orgType: l.orgType as OrgTypeName | null,
  usefulCount: l.usefulCount,
  verified: l.verified,
  createdAt: l.createdAt,
});

export function learningService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);

  async function get(coalitionId: number, number: number): Promise<LearningView> {
    const row = await db.learning.findUnique({
      where: { coalitionId_number: { coalitionId, number } },
      include,
    });
    if (!row) throw new UserError('learning.not_found', { id: Ref.learning(number) });
    return view(row);
  }

  return {
    get,

    async suggest(
      coalitionId: number,
      query: string,
      limit: number,
    ): Promise<{ number: number; title: string }[]> {
      const q = query.trim().replace(/^l(?=\d)/i, '');
      const byNumber = /^\d+$/.test(q) ? [{ number: Number(q) }] : [];
      return db.learning.findMany({
        where: {
          coalitionId,
          ...(q ? { OR: [{ searchText: { contains: searchKey(q) } }, ...byNumber] } : {}),
        },
        select: { number: true, title: true },
        orderBy: [{ createdAt: 'desc' }],
        take: limit,
      });
    },

    async share(
      actor: Actor,
      input: {
        title: string;
        summary: string;
        url?: string;
        themes: ThemeName[];
        country?: string;
        language: string;
      },
    ) {
      const coalitionId = actor.coalition.id;
      // Until a membership is approved, the learning names the organisation asked for, marked
      // unverified and counted for no organisation type; the approval clears the mark.
      const verified = isApproved(actor) || isSecretariat(actor);
      const org = actor.organization ?? actor.pending?.organization ?? null;
      const number = await nextNumber(db, coalitionId, 'learningSeq');
      const row = await db.learning.create({
        data: {
          coalitionId,
          number,
          title: input.title,
          summary: input.summary,
          url: input.url ?? null,
          country: input.country ?? null,
          language: input.language,
          authorId: actor.personId,
          organizationId: org?.id ?? null,
          orgType: verified ? (actor.organization?.type ?? null) : null,
          verified,
          searchText: searchKey(input.title, input.summary, input.country),
          createdAt: clock.now(),
          themes: { create: input.themes.map((theme) => ({ theme })) },
        },
        include,
      });
      await audit.record(
        coalitionId,
        actor.personId,
        'learning.share',
        Ref.learning(number),
        verified ? undefined : { verified: false },
      );
      return view(row);
    },

    async search(
      coalitionId: number,
      q: { query?: string; theme?: ThemeName; page: number; pageSize: number },
    ) {
      const where = {
        coalitionId,
        ...(q.query ? { searchText: { contains: searchKey(q.query) } } : {}),
        ...(q.theme ? { themes: { some: { theme: q.theme } } } : {}),
      };
      // One connection per transaction: queries run in turn, never side by side.
      const total = await db.learning.count({ where });
      const rows = await db.learning.findMany({
        where,
        include,
        orderBy: [{ createdAt: 'desc' }, { number: 'desc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      });
      return { total, items: rows.map(view) };
    },

    /** Marks a learning useful once per person; a second press takes the vote back. */
    async toggleUseful(actor: Actor, number: number): Promise<{ learning: LearningView; voted: boolean }> {
      const coalitionId = actor.coalition.id;
      const row = await db.learning.findUnique({ where: { coalitionId_number: { coalitionId, number } } });
      if (!row) throw new UserError('learning.not_found', { id: Ref.learning(number) });
      const personId = actor.personId!;
      const key = { learningId_personId: { learningId: row.id, personId } };
      const existing = await db.learningVote.findUnique({ where: key });
      if (existing) {
        await db.learningVote.delete({ where: key });
        await db.learning.update({ where: { id: row.id }, data: { usefulCount: { decrement: 1 } } });
      } else {
        await db.learningVote.create({ data: { learningId: row.id, personId } });
        await db.learning.update({ where: { id: row.id }, data: { usefulCount: { increment: 1 } } });
      }
      return { learning: await get(coalitionId, number), voted: !existing };
    },
  };
}
