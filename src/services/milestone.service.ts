// Milestones of a commitment: added and completed by those who speak for it, reminded to its
// owners a week before and on the due day.
import { UserError, ValidationError } from '../core/errors.ts';
import { Ref } from '../core/refs.ts';
import { milestoneDueDay, todayIn } from '../core/rules.ts';
import type { ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import { commitmentService } from './commitment.service.ts';
import { ownersOf } from './nudge.service.ts';
import { OutboxKey } from './outbox-keys.ts';
import type { Actor, Reader } from './types.ts';

export interface MilestoneView {
  number: number;
  title: string;
  /** A calendar date (00:00 UTC of the day). */
  dueDate: Date | null;
  doneAt: Date | null;
}

export type MilestoneStage = 'soon' | 'due';

export interface DueMilestone {
  coalitionId: number;
  stage: MilestoneStage;
  milestone: MilestoneView;
  commitment: { number: number; title: string };
  owners: Reader[];
  key: (personId: number) => string;
}

const DAY = 86_400_000;
/** 'soon': this many days before the due day. */
export const MILESTONE_NOTICE_DAYS = 7;
/** 'due' still goes out this many days late (a job missed while down); not for older ones. */
const DUE_GRACE_DAYS = 2;

const view = (m: {
  number: number;
  title: string;
  dueDate: Date | null;
  doneAt: Date | null;
}): MilestoneView => ({ number: m.number, title: m.title, dueDate: m.dueDate, doneAt: m.doneAt });

export function milestoneService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);
  const commitments = commitmentService(deps);

  return {
    async forCommitment(coalitionId: number, commitmentNumber: number): Promise<MilestoneView[]> {
      const rows = await db.milestone.findMany({
        where: { commitment: { coalitionId, number: commitmentNumber } },
        orderBy: { number: 'asc' },
      });
      return rows.map(view);
    },

    async add(
      actor: Actor,
      input: { id: number; title: string; due: Date },
    ): Promise<{ milestone: MilestoneView; commitment: number }> {
      const c = await commitments.forOwner(actor, input.id);
      const due = milestoneDueDay('due', input.due, { now: clock.now(), zone: actor.coalition.timezone });
      if (!due.ok) throw new ValidationError([due.problem]);
      const last = await db.milestone.aggregate({ where: { commitmentId: c.id }, _max: { number: true } });
      const row = await db.milestone.create({
        data: {
          commitmentId: c.id,
          number: (last._max.number ?? 0) + 1,
          title: input.title,
          dueDate: input.due,
          createdAt: clock.now(),
        },
      });
      await audit.record(actor.coalition.id, actor.personId, 'milestone.add', Ref.commitment(c.number), {
        milestone: row.number,
      });
      return { milestone: view(row), commitment: c.number };
    },

    async complete(
      actor: Actor,
      input: { id: number; milestone: number },
    ): Promise<{ milestone: MilestoneView; commitment: number }> {
      const c = await commitments.forOwner(actor, input.id);
      const row = await db.milestone.findUnique({
        where: { commitmentId_number: { commitmentId: c.id, number: input.milestone } },
      });
      if (!row)
        throw new UserError('milestone.not_found', {
          id: Ref.commitment(c.number),
          number: input.milestone,
          command: `/commitment show ${Ref.commitment(c.number)}`,
        });
      if (row.doneAt)
        throw new UserError('milestone.already_done', {
          id: Ref.commitment(c.number),
          number: row.number,
          date: row.doneAt.toISOString().slice(0, 10),
        });
      const done = await db.milestone.update({ where: { id: row.id }, data: { doneAt: clock.now() } });
      await audit.record(actor.coalition.id, actor.personId, 'milestone.done', Ref.commitment(c.number), {
        milestone: row.number,
      });
      return { milestone: view(done), commitment: c.number };
    },

    /**
     * Open milestones to remind their commitment's owners of: a week before the due day ('soon')
     * and on it ('due'), the day being the coalition's.
     */
    async due(): Promise<DueMilestone[]> {
      const now = clock.now();
      const out: DueMilestone[] = [];
      for (const coalition of await db.coalition.findMany({ select: { id: true, timezone: true } })) {
        const today = todayIn(now, coalition.timezone);
        const rows = await db.milestone.findMany({
          where: {
            doneAt: null,
            dueDate: {
              gte: new Date(today.getTime() - DUE_GRACE_DAYS * DAY),
              lte: new Date(today.getTime() + MILESTONE_NOTICE_DAYS * DAY),
            },
            commitment: { coalitionId: coalition.id, completion: { notIn: ['COMPLETE', 'WITHDRAWN'] } },
          },
          include: {
            commitment: {
              select: {
                number: true,
                title: true,
                createdById: true,
                organizationId: true,
                createdBy: { select: { erasedAt: true } },
              },
            },
          },
          orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
          take: 500,
        });
        for (const m of rows) {
          const stage: MilestoneStage = m.dueDate!.getTime() <= today.getTime() ? 'due' : 'soon';
          out.push({
            coalitionId: coalition.id,
            stage,
            milestone: view(m),
            commitment: { number: m.commitment.number, title: m.commitment.title },
            owners: await ownersOf(db, m.commitment),
            key: (personId) => OutboxKey.milestone(m.id, m.dueDate!, stage, personId),
          });
        }
      }
      return out;
    },
  };
}
