import type { ServiceDeps } from './context.ts';
import { searchKey } from './context.ts';
import { auditService } from './audit.service.ts';
import { recordCompletion } from './completion-history.ts';
import { nextNumber } from './sequence.ts';
import type { CompletionName, ThemeName } from './types.ts';

export interface CommitmentImport {
  ogpId: string;
  title: string;
  member: string;
  plan: string;
  description: string;
  institution: string | null;
  themes: ThemeName[];
  completion: CompletionName | null;
  peopleCentred: boolean;
}

/** Commitments from an OGP/IRM export, matched on the OGP id: a second import updates, never duplicates. */
export function importService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);
  return {
    async existing(coalitionId: number, ogpIds: string[]): Promise<Set<string>> {
      const rows = await db.commitment.findMany({
        where: { coalitionId, ogpId: { in: ogpIds } },
        select: { ogpId: true },
      });
      return new Set(rows.map((r) => r.ogpId!));
    },

    /** Writes every row (run it in one transaction: a failure writes nothing). */
    async commitments(coalitionId: number, rows: CommitmentImport[], onProgress?: (done: number) => void) {
      let created = 0;
      let updated = 0;
      for (const [i, r] of rows.entries()) {
        const data = {
          title: r.title,
          member: r.member,
          planPeriod: r.plan,
          description: r.description,
          leadInstitution: r.institution,
          peopleCentred: r.peopleCentred,
          searchText: searchKey(r.title, r.member, r.ogpId),
          ...(r.completion ? { completion: r.completion } : {}),
        };
        const found = await db.commitment.findUnique({
          where: { coalitionId_ogpId: { coalitionId, ogpId: r.ogpId } },
        });
        if (found) {
          await db.commitment.update({ where: { id: found.id }, data });
          // An imported level is a change like any other: dated, so past years keep theirs.
          if (r.completion) await recordCompletion(db, found.id, r.completion, clock.now(), 'import');
          await db.commitmentTheme.deleteMany({ where: { commitmentId: found.id } });
          await db.commitmentTheme.createMany({
            data: r.themes.map((theme) => ({ commitmentId: found.id, theme })),
          });
          updated++;
        } else {
          const number = await nextNumber(db, coalitionId, 'commitmentSeq');
          await db.commitment.create({
            data: {
              ...data,
              coalitionId,
              number,
              ogpId: r.ogpId,
              createdAt: clock.now(),
              lastUpdateAt: clock.now(),
              themes: { create: r.themes.map((theme) => ({ theme })) },
              completions: {
                create: { completion: r.completion ?? 'NOT_STARTED', setAt: clock.now(), source: 'import' },
              },
            },
          });
          created++;
        }
        onProgress?.(i + 1);
      }
      await audit.record(coalitionId, null, 'commitment.import', undefined, { created, updated });
      return { created, updated };
    },
  };
}
