// Series (S2): a recurrence rule whose occurrences are meetings with their own M ids, created on a
// rolling horizon (90 days ahead) so that answers, reminders, calendar files, Discord events and the
// digest work per occurrence unchanged.
import { UserError } from '../core/errors.ts';
import { seriesUid, type SeriesCalendarSource } from '../core/ics.ts';
import { questionList, type QuestionKey } from '../core/questions.ts';
import {
  endRuleBefore,
  localDay,
  moveRule,
  nextOccurrence,
  occurrences,
  ruleUntil,
  type RepeatPattern,
  type SeriesRule,
} from '../core/recurrence.ts';
import { Ref } from '../core/refs.ts';
import type { ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import {
  mayManage,
  meetingService,
  placeAnswer,
  type AnswerDetail,
  type MeetingView,
} from './meeting.service.ts';
import { READER_SELECT, toReader } from './people.service.ts';
import { nextNumber } from './sequence.ts';
import type { Actor, MeetingKindName, Reader, RsvpAnswerName } from './types.ts';
import { isApproved, isObserver, isSecretariat } from './types.ts';

/** Occurrences exist as meetings this far ahead; the daily job keeps the horizon rolling. */
export const SERIES_HORIZON_DAYS = 90;
const DAY = 86_400_000;

export interface SeriesView {
  id: number;
  number: number;
  uid: string;
  title: string;
  kind: MeetingKindName;
  timezone: string;
  durationMinutes: number;
  joinUrl: string | null;
  location: string | null;
  agenda: string | null;
  organizer: string | null;
  organizerId: number | null;
  pattern: RepeatPattern;
  rule: string;
  startsAt: Date;
  until: Date | null;
  capacity: number | null;
  questions: QuestionKey[];
  sequence: number;
  cancelledAt: Date | null;
  /** Answers to the whole series. */
  answers: { YES: number; MAYBE: number; NO: number };
  myAnswer: RsvpAnswerName | null;
  /** The next occurrences, soonest first. */
  next: MeetingView[];
}

/** A change a series brought to its occurrences, for notices and mirrored events. */
export interface SeriesChange {
  series: SeriesView;
  /** Occurrences created, moved or cancelled by the change (their new state). */
  changed: MeetingView[];
  created: MeetingView[];
  moved: number;
  cancelled: number;
  /** Those who planned to attend an affected occurrence (or answered the series yes or maybe). */
  people: Reader[];
}

/** A new occurrence, as its platform event needs it. */
type Created = {
  id: number;
  number: number;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  joinUrl: string | null;
  location: string | null;
  agenda: string | null;
  cancelledAt: Date | null;
  sequence: number;
};

type SeriesRow = Awaited<ReturnType<ServiceDeps['db']['series']['findUniqueOrThrow']>> & {
  organizer: { displayName: string; erasedAt: Date | null } | null;
};

export function seriesService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);
  const meetings = meetingService(deps);

  async function row(coalitionId: number, number: number) {
    const s = await db.series.findUnique({
      where: { coalitionId_number: { coalitionId, number } },
      include: { organizer: true },
    });
    if (!s) throw new UserError('series.not_found', { id: Ref.series(number) });
    return s;
  }

  const meetingInclude = { organizer: true, series: { select: { id: true, number: true } } } as const;

  async function view(s: SeriesRow, actor?: Actor, take = 3): Promise<SeriesView> {
    const now = clock.now();
    const answers = { YES: 0, MAYBE: 0, NO: 0 };
    for (const g of await db.seriesRsvp.groupBy({
      by: ['answer'],
      where: { seriesId: s.id },
      _count: { _all: true },
    }))
      answers[g.answer as RsvpAnswerName] = g._count._all;
    const mine = actor?.personId
      ? await db.seriesRsvp.findUnique({
          where: { seriesId_personId: { seriesId: s.id, personId: actor.personId } },
        })
      : null;
    const next = await db.meeting.findMany({
      where: { seriesId: s.id, cancelledAt: null, startsAt: { gt: now } },
      orderBy: { startsAt: 'asc' },
      take,
      include: meetingInclude,
    });
    const views: MeetingView[] = [];
    for (const m of next) views.push(await meetings.view(m, actor));
    return {
      id: s.id,
      number: s.number,
      uid: seriesUid(s.coalitionId, s.number),
      title: s.title,
      kind: s.kind as MeetingKindName,
      timezone: s.timezone,
      durationMinutes: s.durationMinutes,
      joinUrl: s.joinUrl,
      location: s.location,
      agenda: s.agenda,
      organizer: s.organizer && !s.organizer.erasedAt ? s.organizer.displayName : null,
      organizerId: s.organizerId,
      pattern: s.pattern as RepeatPattern,
      rule: s.rule,
      startsAt: s.startsAt,
      until: ruleUntil(s),
      capacity: s.capacity,
      questions: questionList(s.questions),
      sequence: s.sequence,
      cancelledAt: s.cancelledAt,
      answers,
      myAnswer: (mine?.answer as RsvpAnswerName | undefined) ?? null,
      next: views,
    };
  }

  /**
   * Creates the occurrences a series has in [its next one, until), M numbers in date order, and
   * remembers its next occurrence after them: the daily job only picks series with one due.
   */
  async function extend(s: SeriesRow, until: Date): Promise<Created[]> {
    if (s.cancelledAt || until.getTime() <= s.plannedUntil.getTime()) return [];
    const rule: SeriesRule = { rule: s.rule, startsAt: s.startsAt, timezone: s.timezone };
    const from = s.plannedUntil.getTime() < s.startsAt.getTime() ? s.startsAt : s.plannedUntil;
    const dates = occurrences(rule, from, until);
    const answers = dates.length
      ? await db.seriesRsvp.findMany({ where: { seriesId: s.id, person: { erasedAt: null } } })
      : [];
    const created: Created[] = [];
    for (const at of dates) {
      const number = await nextNumber(db, s.coalitionId, 'meetingSeq');
      const m = await db.meeting.create({
        data: {
          coalitionId: s.coalitionId,
          number,
          title: s.title,
          kind: s.kind,
          startsAt: at,
          timezone: s.timezone,
          durationMinutes: s.durationMinutes,
          joinUrl: s.joinUrl,
          location: s.location,
          agenda: s.agenda,
          capacity: s.capacity,
          questions: s.questions,
          organizerId: s.organizerId,
          chatSpaceId: s.chatSpaceId,
          channelId: s.channelId,
          seriesId: s.id,
          occurrenceOf: at,
        },
      });
      // Answers to the whole series hold for occurrences created later too: in one write when
      // there are no places to share, else one by one in the order they were given.
      if (m.capacity === null && answers.length > 0)
        await db.rsvp.createMany({
          data: answers.map((a) => ({
            meetingId: m.id,
            personId: a.personId,
            answer: a.answer,
            observer: a.observer,
            fromSeries: true,
          })),
        });
      else
        for (const a of [...answers].sort((x, y) => x.updatedAt.getTime() - y.updatedAt.getTime()))
          await placeAnswer(db, clock.now(), m, a.personId, a.observer, a.answer as RsvpAnswerName, {
            fromSeries: true,
          });
      created.push(m);
    }
    await db.series.update({ where: { id: s.id }, data: { plannedUntil: nextOccurrence(rule, until) } });
    return created;
  }

  async function meetingViews(ids: number[], actor?: Actor): Promise<MeetingView[]> {
    if (ids.length === 0) return [];
    const rows = await db.meeting.findMany({
      where: { id: { in: ids } },
      include: meetingInclude,
      orderBy: { startsAt: 'asc' },
    });
    const out: MeetingView[] = [];
    for (const m of rows) out.push(await meetings.view(m, actor));
    return out;
  }

  /** Yes/maybe on these occurrences or on the series itself: who hears of a change. */
  async function attendeesOf(seriesId: number, meetingIds: number[]): Promise<Reader[]> {
    const ids = new Set<number>();
    for (const r of await db.rsvp.findMany({
      where: { meetingId: { in: meetingIds }, answer: { in: ['YES', 'MAYBE'] }, waitlistedAt: null },
      select: { personId: true },
    }))
      ids.add(r.personId);
    for (const r of await db.seriesRsvp.findMany({
      where: { seriesId, answer: { in: ['YES', 'MAYBE'] } },
      select: { personId: true },
    }))
      ids.add(r.personId);
    if (ids.size === 0) return [];
    const rows = await db.person.findMany({
      where: { id: { in: [...ids] }, erasedAt: null },
      select: READER_SELECT,
    });
    return rows.map(toReader);
  }

  const horizon = () => new Date(clock.now().getTime() + SERIES_HORIZON_DAYS * DAY);

  return {
    async get(actor: Actor, number: number) {
      return view(await row(actor.coalition.id, number), actor);
    },

    async create(
      actor: Actor,
      input: {
        title: string;
        kind: MeetingKindName;
        duration: number;
        link?: string;
        location?: string;
        agenda?: string;
        capacity?: number;
        questions?: QuestionKey[];
        pattern: RepeatPattern;
        rule: SeriesRule;
      },
      where: { channelId?: string },
    ): Promise<{ series: SeriesView; created: MeetingView[] }> {
      const coalitionId = actor.coalition.id;
      const number = await nextNumber(db, coalitionId, 'seriesSeq');
      const space = await db.chatSpace.findUnique({
        where: {
          platform_externalId: { platform: actor.identity.platform, externalId: actor.identity.spaceId },
        },
      });
      const s = await db.series.create({
        data: {
          coalitionId,
          number,
          title: input.title,
          kind: input.kind,
          timezone: input.rule.timezone,
          durationMinutes: input.duration,
          joinUrl: input.link ?? null,
          location: input.location ?? null,
          agenda: input.agenda ?? null,
          capacity: input.capacity ?? null,
          questions: (input.questions ?? []).join(','),
          organizerId: actor.personId,
          chatSpaceId: space?.id ?? null,
          channelId: where.channelId ?? null,
          pattern: input.pattern,
          rule: input.rule.rule,
          startsAt: input.rule.startsAt,
          plannedUntil: input.rule.startsAt,
        },
        include: { organizer: true },
      });
      // At least the first occurrence, even when it lies beyond the rolling horizon.
      const until = new Date(Math.max(horizon().getTime(), s.startsAt.getTime() + 1));
      const created = await extend(s, until);
      await audit.record(coalitionId, actor.personId, 'series.create', Ref.series(number), {
        occurrences: created.length,
      });
      return {
        series: await view(await row(coalitionId, number), actor),
        created: await meetingViews(
          created.map((m) => m.id),
          actor,
        ),
      };
    },

    /** The daily job: every live series gets its occurrences up to the horizon. */
    async extendAll(): Promise<{ coalitionId: number; created: Created[] }[]> {
      const until = horizon();
      const due = await db.series.findMany({
        where: { cancelledAt: null, plannedUntil: { lt: until } },
        include: { organizer: true },
        orderBy: { id: 'asc' },
      });
      const out: { coalitionId: number; created: Created[] }[] = [];
      for (const s of due) {
        const created = await extend(s, until);
        if (created.length) out.push({ coalitionId: s.coalitionId, created });
      }
      return out;
    },

    /**
     * Answers a series: every future occurrence not answered on its own takes this answer, and so
     * will occurrences created later. Returns, per occurrence, who got a place it freed.
     */
    async rsvp(actor: Actor, number: number, answer: RsvpAnswerName, detail: AnswerDetail = {}) {
      const s = await row(actor.coalition.id, number);
      if (s.cancelledAt) throw new UserError('series.cancelled', { id: Ref.series(number) });
      const personId = actor.personId!;
      const observer = isObserver(actor);
      await db.seriesRsvp.upsert({
        where: { seriesId_personId: { seriesId: s.id, personId } },
        create: { seriesId: s.id, personId, answer, observer },
        update: { answer, observer },
      });
      const future = await db.meeting.findMany({
        where: { seriesId: s.id, cancelledAt: null, startsAt: { gt: clock.now() } },
        orderBy: { startsAt: 'asc' },
        include: { rsvps: { where: { personId }, select: { fromSeries: true } } },
      });
      let applied = 0;
      let waitlisted = 0;
      const promoted: { meetingId: number; people: number[] }[] = [];
      for (const m of future) {
        const own = m.rsvps[0];
        if (own && !own.fromSeries) continue;
        const placed = await placeAnswer(db, clock.now(), m, personId, observer, answer, {
          ...detail,
          fromSeries: true,
          verified: isApproved(actor) || isSecretariat(actor),
        });
        applied++;
        if (placed.waitlisted) waitlisted++;
        if (placed.promoted.length) promoted.push({ meetingId: m.id, people: placed.promoted });
      }
      const promotedViews: { meeting: MeetingView; people: Reader[] }[] = [];
      for (const p of promoted) {
        const [meeting] = await meetingViews([p.meetingId]);
        const rows = await db.person.findMany({ where: { id: { in: p.people } }, select: READER_SELECT });
        promotedViews.push({ meeting: meeting!, people: rows.map(toReader) });
      }
      return { series: await view(s, actor), applied, waitlisted, promoted: promotedViews };
    },

    /**
     * Changes the rule from a new start on: past occurrences stay as they were; future ones keep
     * their ids and answers where their day survives (moved to the new time), are cancelled where
     * it does not, and new days get new occurrences. Occurrences moved or skipped on their own
     * (one-off exceptions) stay as they are.
     */
    async reschedule(
      actor: Actor,
      number: number,
      change: { startsAt: Date; timezone: string; duration?: number },
    ): Promise<SeriesChange> {
      const s = await row(actor.coalition.id, number);
      const id = Ref.series(number);
      if (s.cancelledAt) throw new UserError('series.cancelled', { id });
      if (!mayManage(actor, s.organizerId)) throw new UserError('series.not_organizer', { id });
      const now = clock.now();
      const duration = change.duration ?? s.durationMinutes;
      const candidate = moveRule(
        { rule: s.rule, startsAt: s.startsAt, timezone: s.timezone },
        s.pattern as RepeatPattern,
        change.startsAt,
        change.timezone,
      );
      const until = new Date(
        Math.max(horizon().getTime(), s.plannedUntil.getTime(), change.startsAt.getTime() + 1),
      );
      const dates = occurrences(candidate, change.startsAt, until);
      if (dates.length === 0) throw new UserError('series.empty', { id });
      const rule: SeriesRule = { ...candidate, startsAt: dates[0]! };
      const byDay = new Map(dates.map((d) => [localDay(d, rule.timezone), d]));
      const future = await db.meeting.findMany({
        where: { seriesId: s.id, startsAt: { gt: now } },
        orderBy: { startsAt: 'asc' },
      });
      const changed: number[] = [];
      const affected: number[] = [];
      let moved = 0;
      let cancelled = 0;
      // Free the instants first: an occurrence may take another's old RECURRENCE-ID.
      const placed = new Map<number, Date | null>();
      for (const m of future) {
        const day = localDay(m.occurrenceOf ?? m.startsAt, s.timezone);
        const at = byDay.get(day) ?? null;
        if (at) byDay.delete(day);
        placed.set(m.id, at);
      }
      for (const m of future) await db.meeting.update({ where: { id: m.id }, data: { occurrenceOf: null } });
      for (const m of future) {
        const at = placed.get(m.id) ?? null;
        if (m.detached) {
          // A one-off exception stays; its RECURRENCE-ID follows its day when the day survives.
          await db.meeting.update({ where: { id: m.id }, data: { occurrenceOf: at ?? m.occurrenceOf } });
          continue;
        }
        if (m.cancelledAt) {
          await db.meeting.update({ where: { id: m.id }, data: { occurrenceOf: at ?? m.occurrenceOf } });
          continue;
        }
        if (at) {
          const differs =
            at.getTime() !== m.startsAt.getTime() ||
            duration !== m.durationMinutes ||
            rule.timezone !== m.timezone;
          await db.meeting.update({
            where: { id: m.id },
            data: {
              occurrenceOf: at,
              ...(differs
                ? {
                    startsAt: at,
                    timezone: rule.timezone,
                    durationMinutes: duration,
                    sequence: { increment: 1 },
                  }
                : {}),
            },
          });
          if (differs) {
            moved++;
            changed.push(m.id);
            affected.push(m.id);
          }
        } else {
          await db.meeting.update({
            where: { id: m.id },
            data: { occurrenceOf: m.occurrenceOf, cancelledAt: now, sequence: { increment: 1 } },
          });
          cancelled++;
          changed.push(m.id);
          affected.push(m.id);
        }
      }
      const people = await attendeesOf(s.id, affected);
      // New days: occurrences of their own, with the series' answers.
      const updated = await db.series.update({
        where: { id: s.id },
        data: {
          rule: rule.rule,
          startsAt: rule.startsAt,
          timezone: rule.timezone,
          durationMinutes: duration,
          sequence: { increment: 1 },
          plannedUntil: nextOccurrence(rule, until),
        },
        include: { organizer: true },
      });
      const fresh: number[] = [];
      const answers = await db.seriesRsvp.findMany({ where: { seriesId: s.id, person: { erasedAt: null } } });
      for (const at of [...byDay.values()].sort((a, b) => a.getTime() - b.getTime())) {
        const number2 = await nextNumber(db, s.coalitionId, 'meetingSeq');
        const m = await db.meeting.create({
          data: {
            coalitionId: s.coalitionId,
            number: number2,
            title: s.title,
            kind: s.kind,
            startsAt: at,
            timezone: rule.timezone,
            durationMinutes: duration,
            joinUrl: s.joinUrl,
            location: s.location,
            agenda: s.agenda,
            capacity: s.capacity,
            questions: s.questions,
            organizerId: s.organizerId,
            chatSpaceId: s.chatSpaceId,
            channelId: s.channelId,
            seriesId: s.id,
            occurrenceOf: at,
          },
        });
        for (const a of answers)
          await placeAnswer(db, now, m, a.personId, a.observer, a.answer as RsvpAnswerName, {
            fromSeries: true,
          });
        fresh.push(m.id);
      }
      await audit.record(actor.coalition.id, actor.personId, 'series.reschedule', id, {
        from: s.startsAt.toISOString(),
        to: rule.startsAt.toISOString(),
        moved,
        cancelled,
        created: fresh.length,
      });
      return {
        series: await view(updated, actor),
        changed: await meetingViews(changed, actor),
        created: await meetingViews(fresh, actor),
        moved,
        cancelled,
        people,
      };
    },

    /** Ends a series from now on: future occurrences are cancelled; past ones stay in the record. */
    async cancel(actor: Actor, number: number, reason?: string): Promise<SeriesChange> {
      const s = await row(actor.coalition.id, number);
      const id = Ref.series(number);
      if (s.cancelledAt) throw new UserError('series.cancelled', { id });
      if (!mayManage(actor, s.organizerId)) throw new UserError('series.not_organizer', { id });
      const now = clock.now();
      const future = await db.meeting.findMany({
        where: { seriesId: s.id, startsAt: { gt: now }, cancelledAt: null },
        select: { id: true },
      });
      const ids = future.map((m) => m.id);
      const people = await attendeesOf(s.id, ids);
      for (const m of ids)
        await db.meeting.update({
          where: { id: m },
          data: { cancelledAt: now, cancelReason: reason ?? null, sequence: { increment: 1 } },
        });
      const ended = endRuleBefore({ rule: s.rule, startsAt: s.startsAt, timezone: s.timezone }, now);
      const updated = await db.series.update({
        where: { id: s.id },
        data: { cancelledAt: now, rule: ended.rule, sequence: { increment: 1 } },
        include: { organizer: true },
      });
      await audit.record(actor.coalition.id, actor.personId, 'series.cancel', id, {
        occurrences: ids.length,
      });
      return {
        series: await view(updated, actor),
        changed: await meetingViews(ids, actor),
        created: [],
        moved: 0,
        cancelled: ids.length,
        people,
      };
    },

    /** What a calendar needs of a series (feeds, files, mail invitations). */
    async calendarSource(seriesId: number): Promise<SeriesCalendarSource> {
      const s = await db.series.findUniqueOrThrow({ where: { id: seriesId } });
      const occ = await db.meeting.findMany({
        where: { seriesId, occurrenceOf: { not: null } },
        orderBy: { occurrenceOf: 'asc' },
      });
      return {
        uid: seriesUid(s.coalitionId, s.number),
        number: s.number,
        title: s.title,
        timezone: s.timezone,
        durationMinutes: s.durationMinutes,
        joinUrl: s.joinUrl,
        location: s.location,
        agenda: s.agenda,
        rule: s.rule,
        startsAt: s.startsAt,
        sequence: s.sequence,
        cancelledAt: s.cancelledAt,
        updatedAt: s.updatedAt,
        occurrences: occ.map((m) => ({
          number: m.number,
          title: m.title,
          startsAt: m.startsAt,
          timezone: m.timezone,
          durationMinutes: m.durationMinutes,
          joinUrl: m.joinUrl,
          location: m.location,
          agenda: m.agenda,
          cancelledAt: m.cancelledAt,
          updatedAt: m.updatedAt,
          occurrenceOf: m.occurrenceOf!,
        })),
      };
    },

    /** The series id behind an S number (for its calendar file). */
    async idOf(actor: Actor, number: number): Promise<number> {
      return (await row(actor.coalition.id, number)).id;
    },
  };
}
