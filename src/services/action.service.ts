// Action items (A4): what a meeting decided someone will do, by when. Reminded the day before and
// once overdue (reminders job); counted in the digest and the annual report.
import { UserError } from '../core/errors.ts';
import { Ref } from '../core/refs.ts';
import type { ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import { mayManage } from './meeting.service.ts';
import { READER_SELECT, toReader } from './people.service.ts';
import { nextNumber } from './sequence.ts';
import type { Actor, Reader } from './types.ts';

export interface ActionView {
  id: number;
  number: number;
  text: string;
  owner: string | null;
  ownerId: number | null;
  dueOn: string;
  dueAt: Date;
  doneAt: Date | null;
  /** The meeting it came from (M5). */
  meeting: number | null;
  overdue: boolean;
}

const INCLUDE = { owner: true, meeting: { select: { number: true } } } as const;

export function actionService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);

  const view = (a: {
    id: number;
    number: number;
    text: string;
    ownerId: number | null;
    dueOn: string;
    dueAt: Date;
    doneAt: Date | null;
    owner: { displayName: string; erasedAt: Date | null } | null;
    meeting: { number: number } | null;
  }): ActionView => ({
    id: a.id,
    number: a.number,
    text: a.text,
    owner: a.owner && !a.owner.erasedAt ? a.owner.displayName : null,
    ownerId: a.ownerId,
    dueOn: a.dueOn,
    dueAt: a.dueAt,
    doneAt: a.doneAt,
    meeting: a.meeting?.number ?? null,
    overdue: !a.doneAt && a.dueAt.getTime() <= clock.now().getTime(),
  });

  /** One person by display name (any case), among those who joined. */
  async function personNamed(coalitionId: number, name: string) {
    const wanted = name.trim().toLowerCase();
    const people = await db.person.findMany({
      where: { coalitionId, erasedAt: null, joinedAt: { not: null } },
      select: { id: true, displayName: true },
    });
    const found = people.filter((p) => p.displayName.trim().toLowerCase() === wanted);
    if (found.length === 0) throw new UserError('member.not_found', { name });
    if (found.length > 1) throw new UserError('member.ambiguous', { name });
    return found[0]!;
  }

  return {
    async add(
      actor: Actor,
      input: { meeting: number; owner: string; dueOn: string; dueAt: Date; text: string },
    ): Promise<{ action: ActionView; owner: Reader | null }> {
      const coalitionId = actor.coalition.id;
      const m = await db.meeting.findUnique({
        where: { coalitionId_number: { coalitionId, number: input.meeting } },
      });
      if (!m) throw new UserError('meeting.not_found', { id: Ref.meeting(input.meeting) });
      const owner = await personNamed(coalitionId, input.owner);
      const number = await nextNumber(db, coalitionId, 'actionSeq');
      const a = await db.actionItem.create({
        data: {
          coalitionId,
          number,
          meetingId: m.id,
          text: input.text,
          ownerId: owner.id,
          dueOn: input.dueOn,
          dueAt: input.dueAt,
          createdById: actor.personId,
          createdAt: clock.now(),
        },
        include: INCLUDE,
      });
      await audit.record(coalitionId, actor.personId, 'action.add', Ref.action(number), {
        meeting: Ref.meeting(m.number),
      });
      const reader = await db.person.findUnique({ where: { id: owner.id }, select: READER_SELECT });
      return { action: view(a), owner: owner.id !== actor.personId && reader ? toReader(reader) : null };
    },

    async list(actor: Actor, q: { mine: boolean; done: boolean; page: number; pageSize: number }) {
      const where = {
        coalitionId: actor.coalition.id,
        ...(q.done ? {} : { doneAt: null }),
        ...(q.mine ? { ownerId: actor.personId ?? -1 } : {}),
      };
      const total = await db.actionItem.count({ where });
      const rows = await db.actionItem.findMany({
        where,
        include: INCLUDE,
        orderBy: [{ dueAt: 'asc' }, { number: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      });
      return { total, items: rows.map(view) };
    },

    /** Done: by its owner, whoever added it, the meeting's organiser or the secretariat. */
    async done(actor: Actor, number: number): Promise<ActionView> {
      const a = await db.actionItem.findUnique({
        where: { coalitionId_number: { coalitionId: actor.coalition.id, number } },
        include: { ...INCLUDE, meeting: { select: { number: true, organizerId: true } } },
      });
      if (!a) throw new UserError('action.not_found', { id: Ref.action(number) });
      const allowed =
        a.ownerId === actor.personId ||
        a.createdById === actor.personId ||
        mayManage(actor, a.meeting?.organizerId ?? null);
      if (!allowed) throw new UserError('action.not_yours', { id: Ref.action(number) });
      if (a.doneAt) return view(a);
      const updated = await db.actionItem.update({
        where: { id: a.id },
        data: { doneAt: clock.now() },
        include: INCLUDE,
      });
      await audit.record(actor.coalition.id, actor.personId, 'action.done', Ref.action(number));
      return view(updated);
    },
  };
}
