import { UserError } from '../core/errors.ts';
import { Ref } from '../core/refs.ts';
import { searchKey, type ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import { nextNumber } from './sequence.ts';
import type { Actor, MeetingKindName, RsvpAnswerName } from './types.ts';
import { isApproved, isObserver, isSecretariat } from './types.ts';

export interface RsvpCounts {
  YES: number;
  MAYBE: number;
  NO: number;
  /** Observers' answers, counted apart. */
  observers: { YES: number; MAYBE: number; NO: number };
}

/** What any meeting card needs, and what a reminder carries. */
export interface MeetingSummary {
  id: number;
  number: number;
  title: string;
  kind: MeetingKindName;
  startsAt: Date;
  timezone: string;
  durationMinutes: number;
  joinUrl: string | null;
  location: string | null;
  agenda: string | null;
  cancelledAt: Date | null;
}

export const toMeetingSummary = (m: {
  id: number;
  number: number;
  title: string;
  kind: string;
  startsAt: Date;
  timezone: string;
  durationMinutes: number;
  joinUrl: string | null;
  location: string | null;
  agenda: string | null;
  cancelledAt: Date | null;
}): MeetingSummary => ({
  id: m.id,
  number: m.number,
  title: m.title,
  kind: m.kind as MeetingKindName,
  startsAt: m.startsAt,
  timezone: m.timezone,
  durationMinutes: m.durationMinutes,
  joinUrl: m.joinUrl,
  location: m.location,
  agenda: m.agenda,
  cancelledAt: m.cancelledAt,
});

export interface MeetingView extends MeetingSummary {
  /** Stable calendar identity: survives reschedules so calendars update, not duplicate. */
  uid: string;
  organizer: string | null;
  organizerId: number | null;
  sequence: number;
  cancelReason: string | null;
  updatedAt: Date;
  rsvps: RsvpCounts;
  /** The asking person's own answer, if any. */
  myAnswer: RsvpAnswerName | null;
}

type Row = {
  id: number;
  coalitionId: number;
  number: number;
  title: string;
  kind: string;
  startsAt: Date;
  timezone: string;
  durationMinutes: number;
  joinUrl: string | null;
  location: string | null;
  agenda: string | null;
  organizerId: number | null;
  sequence: number;
  cancelledAt: Date | null;
  cancelReason: string | null;
  updatedAt: Date;
  organizer: { displayName: string; erasedAt: Date | null } | null;
};

export function meetingService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);

  async function counts(meetingId: number): Promise<RsvpCounts> {
    const groups = await db.rsvp.groupBy({
      by: ['answer', 'observer'],
      where: { meetingId },
      _count: { _all: true },
    });
    const out: RsvpCounts = { YES: 0, MAYBE: 0, NO: 0, observers: { YES: 0, MAYBE: 0, NO: 0 } };
    for (const g of groups) (g.observer ? out.observers : out)[g.answer as RsvpAnswerName] += g._count._all;
    return out;
  }

  async function view(m: Row, actor?: Actor): Promise<MeetingView> {
    const mine = actor?.personId
      ? await db.rsvp.findUnique({
          where: { meetingId_personId: { meetingId: m.id, personId: actor.personId } },
        })
      : null;
    return {
      ...toMeetingSummary(m),
      uid: `meeting-${m.coalitionId}-${m.number}@docket`,
      organizer: m.organizer && !m.organizer.erasedAt ? m.organizer.displayName : null,
      organizerId: m.organizerId,
      sequence: m.sequence,
      cancelReason: m.cancelReason,
      updatedAt: m.updatedAt,
      rsvps: await counts(m.id),
      myAnswer: (mine?.answer as RsvpAnswerName | undefined) ?? null,
    };
  }

  async function row(coalitionId: number, number: number) {
    const m = await db.meeting.findUnique({
      where: { coalitionId_number: { coalitionId, number } },
      include: { organizer: true },
    });
    if (!m) throw new UserError('meeting.not_found', { id: Ref.meeting(number) });
    return m;
  }

  return {
    /** Autocomplete: meetings not cancelled whose title matches, soonest upcoming first. */
    async suggest(
      coalitionId: number,
      query: string,
      limit: number,
    ): Promise<{ number: number; title: string }[]> {
      const now = clock.now();
      const rows = await db.meeting.findMany({
        where: { coalitionId, cancelledAt: null, startsAt: { gte: new Date(now.getTime() - 24 * 3600_000) } },
        select: { number: true, title: true },
        orderBy: [{ startsAt: 'asc' }],
        take: 200,
      });
      const q = searchKey(query.trim().replace(/^m(?=\d)/i, ''));
      return rows
        .filter((m) => !q || searchKey(m.title).includes(q) || String(m.number).startsWith(q))
        .slice(0, limit);
    },

    async get(actor: Actor, number: number) {
      return view(await row(actor.coalition.id, number), actor);
    },

    async schedule(
      actor: Actor,
      input: {
        title: string;
        startsAt: Date;
        timezone: string;
        duration: number;
        kind: MeetingKindName;
        link?: string;
        location?: string;
        agenda?: string;
      },
      where: { channelId?: string },
    ) {
      const coalitionId = actor.coalition.id;
      const number = await nextNumber(db, coalitionId, 'meetingSeq');
      const space = await db.chatSpace.findUnique({
        where: {
          platform_externalId: { platform: actor.identity.platform, externalId: actor.identity.spaceId },
        },
      });
      const m = await db.meeting.create({
        data: {
          coalitionId,
          number,
          title: input.title,
          kind: input.kind,
          startsAt: input.startsAt,
          timezone: input.timezone,
          durationMinutes: input.duration,
          joinUrl: input.link ?? null,
          location: input.location ?? null,
          agenda: input.agenda ?? null,
          organizerId: actor.personId,
          chatSpaceId: space?.id ?? null,
          channelId: where.channelId ?? null,
        },
        include: { organizer: true },
      });
      await audit.record(coalitionId, actor.personId, 'meeting.schedule', Ref.meeting(number));
      return view(m, actor);
    },

    async upcoming(actor: Actor, q: { includePast: boolean; page: number; pageSize: number }) {
      const now = clock.now();
      const where = {
        coalitionId: actor.coalition.id,
        cancelledAt: null,
        // A meeting under way still counts as upcoming until it ends; durations are at most a day.
        ...(q.includePast ? {} : { startsAt: { gte: new Date(now.getTime() - 24 * 3600_000) } }),
      };
      const rows = await db.meeting.findMany({
        where,
        include: { organizer: true },
        orderBy: [{ startsAt: q.includePast ? 'desc' : 'asc' }, { number: 'asc' }],
      });
      const visible = q.includePast
        ? rows
        : rows.filter((m) => m.startsAt.getTime() + m.durationMinutes * 60_000 > now.getTime());
      const page = visible.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
      const items: MeetingView[] = [];
      for (const m of page) items.push(await view(m, actor));
      return { total: visible.length, items };
    },

    async rsvp(actor: Actor, number: number, answer: RsvpAnswerName) {
      const m = await row(actor.coalition.id, number);
      if (m.cancelledAt) throw new UserError('meeting.cancelled', { id: Ref.meeting(number) });
      if (m.startsAt.getTime() + m.durationMinutes * 60_000 <= clock.now().getTime())
        throw new UserError('meeting.over', { id: Ref.meeting(number) });
      const personId = actor.personId!;
      // Not yet approved: counted apart with observers and marked, until the approval clears it.
      const observer = isObserver(actor);
      const verified = isApproved(actor) || isSecretariat(actor);
      await db.rsvp.upsert({
        where: { meetingId_personId: { meetingId: m.id, personId } },
        create: { meetingId: m.id, personId, answer, observer, verified },
        update: { answer, observer, verified },
      });
      return view(m, actor);
    },

    /**
     * Moves a meeting: reminders follow the new start (their keys carry it); SEQUENCE is bumped.
     * `moved` is false when nothing changed (same start, zone and length): no one is told.
     */
    async reschedule(
      actor: Actor,
      number: number,
      change: { startsAt: Date; timezone: string; duration?: number },
    ) {
      const m = await row(actor.coalition.id, number);
      if (m.cancelledAt) throw new UserError('meeting.cancelled', { id: Ref.meeting(number) });
      if (actor.role !== 'SECRETARIAT' && m.organizerId !== actor.personId)
        throw new UserError('meeting.not_organizer_move', { id: Ref.meeting(number) });
      const duration = change.duration ?? m.durationMinutes;
      const moved =
        m.startsAt.getTime() !== change.startsAt.getTime() ||
        m.timezone !== change.timezone ||
        m.durationMinutes !== duration;
      if (!moved) return { meeting: await view(m, actor), moved };
      const updated = await db.meeting.update({
        where: { id: m.id },
        data: {
          startsAt: change.startsAt,
          timezone: change.timezone,
          durationMinutes: duration,
          sequence: { increment: 1 },
        },
        include: { organizer: true },
      });
      await audit.record(actor.coalition.id, actor.personId, 'meeting.reschedule', Ref.meeting(number), {
        from: m.startsAt.toISOString(),
        to: change.startsAt.toISOString(),
      });
      return { meeting: await view(updated, actor), moved };
    },

    async cancel(actor: Actor, number: number, reason?: string) {
      const m = await row(actor.coalition.id, number);
      if (m.cancelledAt) throw new UserError('meeting.cancelled', { id: Ref.meeting(number) });
      if (actor.role !== 'SECRETARIAT' && m.organizerId !== actor.personId)
        throw new UserError('meeting.not_organizer', { id: Ref.meeting(number) });
      const attendees = await db.rsvp.count({ where: { meetingId: m.id, answer: { in: ['YES', 'MAYBE'] } } });
      const updated = await db.meeting.update({
        where: { id: m.id },
        data: { cancelledAt: clock.now(), cancelReason: reason ?? null, sequence: { increment: 1 } },
        include: { organizer: true },
      });
      await audit.record(actor.coalition.id, actor.personId, 'meeting.cancel', Ref.meeting(number), {
        attendees,
      });
      return { meeting: await view(updated, actor), attendees };
    },
  };
}
