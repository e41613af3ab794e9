import { UserError } from '../core/errors.ts';
import { meetingUid } from '../core/ics.ts';
import { questionList, type AttendMode, type QuestionKey } from '../core/questions.ts';
import { Ref } from '../core/refs.ts';
import type { DbOrTx } from './db/client.ts';
import { searchKey, type ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import { READER_SELECT, toReader } from './people.service.ts';
import { nextNumber } from './sequence.ts';
import type { Actor, MeetingKindName, OrgTypeName, Reader, RsvpAnswerName } from './types.ts';
import { isApproved, isObserver, isSecretariat } from './types.ts';

export interface RsvpCounts {
  YES: number;
  MAYBE: number;
  NO: number;
  /** Observers' answers, counted apart. */
  observers: { YES: number; MAYBE: number; NO: number };
  /** "Yes" answers waiting for a place (members and observers), counted apart from YES. */
  waitlist: number;
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
  /** The asking person waits for a place. */
  myWaitlisted: boolean;
  capacity: number | null;
  questions: QuestionKey[];
  /** The series this meeting is an occurrence of (S2), and the start its rule gave it. */
  series: { id: number; number: number } | null;
  occurrenceOf: Date | null;
  minutes: { summary: string | null; decisions: string | null; at: Date } | null;
  attended: number;
}

/** One line of `/meeting registrations`: private answers, for the organiser and the secretariat. */
export interface Registration {
  name: string;
  organization: string | null;
  orgType: OrgTypeName | null;
  country: string | null;
  observer: boolean;
  status: 'CONFIRMED' | 'WAITLIST' | 'MAYBE' | 'NO';
  /** Place on the waitlist (1 first). */
  position: number | null;
  attend: AttendMode | null;
  answers: Record<string, string>;
  answeredAt: Date;
}

const INCLUDE = { organizer: true, series: { select: { id: true, number: true } } } as const;

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
  capacity: number | null;
  questions: string;
  seriesId: number | null;
  occurrenceOf: Date | null;
  minutesSummary: string | null;
  minutesDecisions: string | null;
  minutesAt: Date | null;
  organizer: { displayName: string; erasedAt: Date | null } | null;
  series: { id: number; number: number } | null;
};

/** What an answer carries beyond yes/maybe/no: registration answers and, for hybrid, how one attends. */
export interface AnswerDetail {
  attend?: AttendMode;
  answers?: Record<string, string>;
  /** The answer came from one to the whole series. */
  fromSeries?: boolean;
  /** False while the person's membership waits for approval (the approval clears the mark). */
  verified?: boolean;
}

export interface Placed {
  /** The person's "yes" waits for a place. */
  waitlisted: boolean;
  /** People who got a place because this answer freed one, in waitlist order. */
  promoted: number[];
}

/** Whether a "yes" on this meeting takes one of its places (a hybrid meeting's remote ones do not). */
const takesPlace = (kind: string, attend: string | null | undefined) =>
  kind !== 'HYBRID' || attend !== 'REMOTE';

/** Who may change a meeting: its organiser or the secretariat. */
export const mayManage = (actor: Actor, organizerId: number | null) =>
  actor.role === 'SECRETARIAT' || (organizerId !== null && organizerId === actor.personId);

/**
 * Places an answer on a meeting with its capacity in mind: a "yes" beyond the places waits, and a
 * place freed by this answer goes to the first in line. Shared by one-off answers, series answers
 * and occurrences created later.
 */
export async function placeAnswer(
  db: DbOrTx,
  now: Date,
  m: { id: number; kind: string; capacity: number | null },
  personId: number,
  observer: boolean,
  answer: RsvpAnswerName,
  detail: AnswerDetail = {},
): Promise<Placed> {
  const before = await db.rsvp.findUnique({ where: { meetingId_personId: { meetingId: m.id, personId } } });
  const attend = detail.attend ?? (before?.attend as AttendMode | null | undefined) ?? null;
  const answers =
    detail.answers && Object.keys(detail.answers).length > 0
      ? JSON.stringify({ ...(before?.answers ? JSON.parse(before.answers) : {}), ...detail.answers })
      : (before?.answers ?? null);
  let waitlistedAt: Date | null = null;
  if (m.capacity !== null && answer === 'YES' && takesPlace(m.kind, attend)) {
    const held = before?.answer === 'YES' && !before.waitlistedAt && takesPlace(m.kind, before.attend);
    if (before?.waitlistedAt) waitlistedAt = before.waitlistedAt;
    else if (!held) {
      // Serialise answers to one meeting (PostgreSQL row lock; SQLite writes one at a time).
      await db.meeting.update({ where: { id: m.id }, data: { capacity: m.capacity } });
      const taken = await db.rsvp.count({
        where: {
          meetingId: m.id,
          personId: { not: personId },
          answer: 'YES',
          waitlistedAt: null,
          ...(m.kind === 'HYBRID' ? { OR: [{ attend: null }, { attend: 'IN_PERSON' }] } : {}),
        },
      });
      if (taken >= m.capacity) waitlistedAt = now;
    }
  }
  const verified = detail.verified ?? before?.verified ?? true;
  const data = {
    answer,
    observer,
    attend,
    answers,
    waitlistedAt,
    fromSeries: detail.fromSeries ?? false,
    verified,
  };
  await db.rsvp.upsert({
    where: { meetingId_personId: { meetingId: m.id, personId } },
    create: { meetingId: m.id, personId, ...data },
    update: data,
  });
  const promoted =
    m.capacity !== null ? await promote(db, m as { id: number; kind: string; capacity: number }) : [];
  return { waitlisted: waitlistedAt !== null, promoted };
}

/** Fills free places from the waitlist, first come first served; returns who got one. */
export async function promote(
  db: DbOrTx,
  m: { id: number; kind: string; capacity: number },
): Promise<number[]> {
  const inPerson = m.kind === 'HYBRID' ? { OR: [{ attend: null }, { attend: 'IN_PERSON' }] } : {};
  const taken = await db.rsvp.count({
    where: { meetingId: m.id, answer: 'YES', waitlistedAt: null, ...inPerson },
  });
  const free = m.capacity - taken;
  if (free <= 0) return [];
  const next = await db.rsvp.findMany({
    where: { meetingId: m.id, answer: 'YES', waitlistedAt: { not: null } },
    orderBy: [{ waitlistedAt: 'asc' }, { id: 'asc' }],
    take: free,
    select: { id: true, personId: true },
  });
  for (const r of next) await db.rsvp.update({ where: { id: r.id }, data: { waitlistedAt: null } });
  return next.map((r) => r.personId);
}

export function meetingService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);

  async function counts(meetingId: number): Promise<RsvpCounts> {
    const groups = await db.rsvp.groupBy({
      by: ['answer', 'observer'],
      where: { meetingId, waitlistedAt: null },
      _count: { _all: true },
    });
    const out: RsvpCounts = {
      YES: 0,
      MAYBE: 0,
      NO: 0,
      observers: { YES: 0, MAYBE: 0, NO: 0 },
      waitlist: await db.rsvp.count({ where: { meetingId, waitlistedAt: { not: null } } }),
    };
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
      uid: meetingUid(m.coalitionId, m.number),
      organizer: m.organizer && !m.organizer.erasedAt ? m.organizer.displayName : null,
      organizerId: m.organizerId,
      sequence: m.sequence,
      cancelReason: m.cancelReason,
      updatedAt: m.updatedAt,
      rsvps: await counts(m.id),
      myAnswer: (mine?.answer as RsvpAnswerName | undefined) ?? null,
      myWaitlisted: Boolean(mine?.waitlistedAt),
      capacity: m.capacity,
      questions: questionList(m.questions),
      series: m.series,
      occurrenceOf: m.occurrenceOf,
      minutes: m.minutesAt
        ? { summary: m.minutesSummary, decisions: m.minutesDecisions, at: m.minutesAt }
        : null,
      attended: await db.attendance.count({ where: { meetingId: m.id } }),
    };
  }

  async function row(coalitionId: number, number: number) {
    const m = await db.meeting.findUnique({
      where: { coalitionId_number: { coalitionId, number } },
      include: INCLUDE,
    });
    if (!m) throw new UserError('meeting.not_found', { id: Ref.meeting(number) });
    return m;
  }

  const ended = (m: { startsAt: Date; durationMinutes: number }) =>
    m.startsAt.getTime() + m.durationMinutes * 60_000 <= clock.now().getTime();

  /** A change to an occurrence is a change to its series' calendar too. */
  async function touchSeries(seriesId: number | null) {
    if (seriesId !== null)
      await db.series.update({ where: { id: seriesId }, data: { sequence: { increment: 1 } } });
  }

  return {
    view,

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
        capacity?: number;
        questions?: QuestionKey[];
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
          capacity: input.capacity ?? null,
          questions: (input.questions ?? []).join(','),
          organizerId: actor.personId,
          chatSpaceId: space?.id ?? null,
          channelId: where.channelId ?? null,
        },
        include: INCLUDE,
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
        include: INCLUDE,
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

    /** The registration answers this person already gave for a meeting (to ask only what is missing). */
    async myAnswers(actor: Actor, number: number): Promise<Record<string, string>> {
      const m = await row(actor.coalition.id, number);
      if (!actor.personId) return {};
      const r = await db.rsvp.findUnique({
        where: { meetingId_personId: { meetingId: m.id, personId: actor.personId } },
      });
      return {
        ...(r?.answers ? (JSON.parse(r.answers) as Record<string, string>) : {}),
        ...(r?.attend ? { attend: r.attend } : {}),
      };
    },

    /**
     * Answers one meeting on its own (a later answer to its series leaves it alone). Returns who got
     * a place this answer freed, to be told.
     */
    async rsvp(actor: Actor, number: number, answer: RsvpAnswerName, detail: AnswerDetail = {}) {
      const m = await row(actor.coalition.id, number);
      if (m.cancelledAt) throw new UserError('meeting.cancelled', { id: Ref.meeting(number) });
      if (ended(m)) throw new UserError('meeting.over', { id: Ref.meeting(number) });
      const personId = actor.personId!;
      // Not yet approved: counted apart with observers and marked, until the approval clears it.
      const placed = await placeAnswer(db, clock.now(), m, personId, isObserver(actor), answer, {
        ...detail,
        fromSeries: false,
        verified: isApproved(actor) || isSecretariat(actor),
      });
      const promoted = await readersOf(placed.promoted);
      return { meeting: await view(m, actor), waitlisted: placed.waitlisted, promoted };
    },

    /**
     * Moves a meeting: reminders follow the new start (their keys carry it); SEQUENCE is bumped.
     * `moved` is false when nothing changed (same start, zone and length): no one is told. An
     * occurrence moved on its own stays where it is when its series' rule changes later.
     */
    async reschedule(
      actor: Actor,
      number: number,
      change: { startsAt: Date; timezone: string; duration?: number },
    ) {
      const m = await row(actor.coalition.id, number);
      if (m.cancelledAt) throw new UserError('meeting.cancelled', { id: Ref.meeting(number) });
      if (!mayManage(actor, m.organizerId))
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
          ...(m.seriesId !== null ? { detached: true } : {}),
        },
        include: INCLUDE,
      });
      await touchSeries(m.seriesId);
      await audit.record(actor.coalition.id, actor.personId, 'meeting.reschedule', Ref.meeting(number), {
        from: m.startsAt.toISOString(),
        to: change.startsAt.toISOString(),
      });
      return { meeting: await view(updated, actor), moved };
    },

    /** Cancels a meeting, or (`skip`) one occurrence of a series, which stays in its calendar as cancelled. */
    async cancel(actor: Actor, number: number, reason?: string, o: { skip?: boolean } = {}) {
      const m = await row(actor.coalition.id, number);
      if (o.skip && m.seriesId === null)
        throw new UserError('meeting.not_occurrence', { id: Ref.meeting(number) });
      if (m.cancelledAt) throw new UserError('meeting.cancelled', { id: Ref.meeting(number) });
      if (!mayManage(actor, m.organizerId))
        throw new UserError('meeting.not_organizer', { id: Ref.meeting(number) });
      if (o.skip && ended(m)) throw new UserError('meeting.over', { id: Ref.meeting(number) });
      const attendees = await db.rsvp.count({
        where: { meetingId: m.id, answer: { in: ['YES', 'MAYBE'] }, waitlistedAt: null },
      });
      const updated = await db.meeting.update({
        where: { id: m.id },
        data: {
          cancelledAt: clock.now(),
          cancelReason: reason ?? null,
          sequence: { increment: 1 },
          ...(m.seriesId !== null ? { detached: true } : {}),
        },
        include: INCLUDE,
      });
      await touchSeries(m.seriesId);
      await audit.record(
        actor.coalition.id,
        actor.personId,
        o.skip ? 'meeting.skip' : 'meeting.cancel',
        Ref.meeting(number),
        { attendees },
      );
      return { meeting: await view(updated, actor), attendees };
    },

    /** Records what a meeting concluded; the organiser or the secretariat, once it has started. */
    async minutes(actor: Actor, number: number, input: { summary?: string; decisions?: string }) {
      const m = await row(actor.coalition.id, number);
      if (!mayManage(actor, m.organizerId))
        throw new UserError('meeting.not_organizer_minutes', { id: Ref.meeting(number) });
      if (m.cancelledAt) throw new UserError('meeting.cancelled', { id: Ref.meeting(number) });
      if (m.startsAt.getTime() > clock.now().getTime())
        throw new UserError('meeting.not_started', { id: Ref.meeting(number) });
      const updated = await db.meeting.update({
        where: { id: m.id },
        data: {
          minutesSummary: input.summary ?? m.minutesSummary,
          minutesDecisions: input.decisions ?? m.minutesDecisions,
          minutesAt: clock.now(),
        },
        include: INCLUDE,
      });
      await audit.record(actor.coalition.id, actor.personId, 'meeting.minutes', Ref.meeting(number));
      return view(updated, actor);
    },

    /**
     * Attendance: a person says they attended (within 48 hours after the end), or the organiser or
     * the secretariat names who was present. Each person counts once, with their organisation's type
     * and country as they are now.
     */
    async attendance(actor: Actor, number: number, names: string[] | null) {
      const m = await row(actor.coalition.id, number);
      const id = Ref.meeting(number);
      if (m.cancelledAt) throw new UserError('meeting.cancelled', { id });
      if (m.startsAt.getTime() > clock.now().getTime()) throw new UserError('meeting.not_started', { id });
      let people: number[];
      if (names === null) {
        const end = m.startsAt.getTime() + m.durationMinutes * 60_000;
        if (clock.now().getTime() > end + ATTENDANCE_WINDOW_MS)
          throw new UserError('meeting.attendance_closed', { id });
        people = [actor.personId!];
      } else {
        if (!mayManage(actor, m.organizerId)) throw new UserError('meeting.not_organizer_attendance', { id });
        const found = await db.person.findMany({
          where: { coalitionId: actor.coalition.id, erasedAt: null },
          select: { id: true, displayName: true },
        });
        const byName = new Map<string, number[]>();
        for (const p of found) {
          const k = p.displayName.trim().toLowerCase();
          byName.set(k, [...(byName.get(k) ?? []), p.id]);
        }
        const unknown = names.filter((n) => (byName.get(n.trim().toLowerCase()) ?? []).length !== 1);
        if (unknown.length > 0)
          throw new UserError('meeting.attendance_unknown', { names: unknown.join(', ') });
        people = [...new Set(names.map((n) => byName.get(n.trim().toLowerCase())![0]!))];
      }
      let added = 0;
      for (const personId of people) {
        const p = await db.person.findUniqueOrThrow({
          where: { id: personId },
          select: { role: true, organization: { select: { type: true, country: true, status: true } } },
        });
        const exists = await db.attendance.findUnique({
          where: { meetingId_personId: { meetingId: m.id, personId } },
        });
        if (exists) continue;
        await db.attendance.create({
          data: {
            meetingId: m.id,
            personId,
            observer: p.role === 'OBSERVER' || p.organization?.status === 'OBSERVER',
            orgType: p.organization?.type ?? null,
            country: p.organization?.country ?? null,
            markedById: actor.personId,
            createdAt: clock.now(),
          },
        });
        added++;
      }
      if (added > 0)
        await audit.record(actor.coalition.id, actor.personId, 'meeting.attendance', id, { added });
      return {
        meeting: await view(m, actor),
        added,
        total: await db.attendance.count({ where: { meetingId: m.id } }),
      };
    },

    /** Everyone who answered, with their private registration answers (organiser and secretariat). */
    async registrations(
      actor: Actor,
      number: number,
    ): Promise<{ meeting: MeetingView; rows: Registration[] }> {
      const m = await row(actor.coalition.id, number);
      if (!mayManage(actor, m.organizerId))
        throw new UserError('meeting.not_organizer_registrations', { id: Ref.meeting(number) });
      const rsvps = await db.rsvp.findMany({
        where: { meetingId: m.id, person: { erasedAt: null } },
        orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
        include: { person: { select: { displayName: true, organization: true } } },
      });
      const waiting = rsvps
        .filter((r) => r.waitlistedAt)
        .sort((a, b) => a.waitlistedAt!.getTime() - b.waitlistedAt!.getTime() || a.id - b.id);
      const rank = (a: Registration['status']) => ['CONFIRMED', 'WAITLIST', 'MAYBE', 'NO'].indexOf(a);
      const rows: Registration[] = rsvps.map((r) => {
        const status: Registration['status'] = r.waitlistedAt
          ? 'WAITLIST'
          : r.answer === 'YES'
            ? 'CONFIRMED'
            : (r.answer as 'MAYBE' | 'NO');
        return {
          name: r.person.displayName,
          organization: r.person.organization?.name ?? null,
          orgType: (r.person.organization?.type as OrgTypeName | undefined) ?? null,
          country: r.person.organization?.country ?? null,
          observer: r.observer,
          status,
          position: r.waitlistedAt ? waiting.findIndex((w) => w.id === r.id) + 1 : null,
          attend: (r.attend as AttendMode | null) ?? null,
          answers: r.answers ? (JSON.parse(r.answers) as Record<string, string>) : {},
          answeredAt: r.updatedAt,
        };
      });
      rows.sort((a, b) => rank(a.status) - rank(b.status) || (a.position ?? 0) - (b.position ?? 0));
      return { meeting: await view(m, actor), rows };
    },
  };

  async function readersOf(ids: number[]): Promise<Reader[]> {
    if (ids.length === 0) return [];
    const rows = await db.person.findMany({
      where: { id: { in: ids }, erasedAt: null },
      select: READER_SELECT,
    });
    // In waitlist order.
    return ids.flatMap((id) => rows.filter((r) => r.id === id).map(toReader));
  }
}

/** "I attended" stays open this long after a meeting ends. */
export const ATTENDANCE_WINDOW_MS = 48 * 3600_000;
