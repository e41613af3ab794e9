import { TZDate } from '@date-fns/tz';
import { Ref } from '../core/refs.ts';
import { addWeeks, getISOWeek, getISOWeekYear, startOfISOWeek } from 'date-fns';
import type { ServiceDeps } from './context.ts';
import { asLocale } from './people.service.ts';
import type { Locale, PlatformName } from './types.ts';

export interface WeekRange {
  /** `2026-W48` */
  label: string;
  start: Date;
  end: Date;
}

/** The ISO week containing `at`, in `zone`: Monday 00:00 to the next Monday 00:00, local time. */
export function isoWeek(at: Date, zone: string): WeekRange {
  const local = new TZDate(at.getTime(), zone);
  const start = startOfISOWeek(local);
  const end = addWeeks(start, 1);
  return {
    label: `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`,
    start: new Date(start.getTime()),
    end: new Date(end.getTime()),
  };
}

/** `2026-W48` → its range in `zone`; null when malformed or a week that does not exist. */
export function parseIsoWeek(label: string, zone: string): WeekRange | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!m) return null;
  const [year, week] = [Number(m[1]), Number(m[2])];
  // 4 January is always in week 1.
  const jan4 = new TZDate(year, 0, 4, 12, 0, zone);
  const range = isoWeek(addWeeks(jan4, week - 1), zone);
  return range.label === label ? range : null;
}

const dayLabel = (at: Date, zone: string) => {
  const d = new TZDate(at.getTime(), zone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function digestService({ db }: ServiceDeps) {
  async function exchangeCount(coalitionId: number, range: WeekRange, zone: string) {
    const agg = await db.exchangeDaily.aggregate({
      where: { coalitionId, day: { gte: dayLabel(range.start, zone), lt: dayLabel(range.end, zone) } },
      _sum: { count: true },
    });
    return agg._sum.count ?? 0;
  }

  /** The week's figures, counted by the database. */
  async function figures(coalitionId: number, range: WeekRange, zone: string) {
    const between = { gte: range.start, lt: range.end };
    const previous = { label: '', start: addWeeks(range.start, -1), end: range.start };
    return {
      learnings: await db.learning.count({ where: { coalitionId, createdAt: between } }),
      updates: await db.commitmentUpdate.count({
        where: { commitment: { coalitionId }, createdAt: between },
      }),
      members: await db.person.count({ where: { coalitionId, joinedAt: between } }),
      meetings: await db.meeting.count({
        where: { coalitionId, cancelledAt: null, startsAt: { gte: range.end, lt: addWeeks(range.end, 2) } },
      }),
      exchanges: await exchangeCount(coalitionId, range, zone),
      exchangesBefore: await exchangeCount(coalitionId, previous, zone),
      measurements: await db.measurement.count({
        where: { indicator: { coalitionId }, createdAt: between },
      }),
      // Meetings that took place during the week, and who came (observers apart).
      held: await db.meeting.count({ where: { coalitionId, cancelledAt: null, startsAt: between } }),
      attended: await db.attendance.count({
        where: { observer: false, meeting: { coalitionId, cancelledAt: null, startsAt: between } },
      }),
      attendedObservers: await db.attendance.count({
        where: { observer: true, meeting: { coalitionId, cancelledAt: null, startsAt: between } },
      }),
      actionsOpened: await db.actionItem.count({ where: { coalitionId, createdAt: between } }),
      actionsDone: await db.actionItem.count({ where: { coalitionId, doneAt: between } }),
      // Overdue as the week ended: due by then and not done by then.
      actionsOverdue: await db.actionItem.count({
        where: {
          coalitionId,
          dueAt: { lte: range.end },
          OR: [{ doneAt: null }, { doneAt: { gt: range.end } }],
        },
      }),
    };
  }

  /** Attendance at the week's meetings by organisation type and country, counted by the database. */
  async function attendance(coalitionId: number, range: WeekRange) {
    const where = {
      meeting: { coalitionId, cancelledAt: null, startsAt: { gte: range.start, lt: range.end } },
    };
    const byOrgType: Record<string, number> = {};
    for (const g of await db.attendance.groupBy({ by: ['orgType'], where, _count: { _all: true } }))
      byOrgType[g.orgType ?? 'UNKNOWN'] = g._count._all;
    const byCountry: Record<string, number> = {};
    for (const g of await db.attendance.groupBy({
      by: ['country'],
      where: { ...where, country: { not: null } },
      _count: { _all: true },
      orderBy: { country: 'asc' },
    }))
      byCountry[g.country!] = g._count._all;
    return { byOrgType, byCountry };
  }

  return {
    figures,

    /** What happened in the week, for the secretariat: lists capped at `limit`, with totals. */
    async details(coalitionId: number, range: WeekRange, zone: string, limit = 15) {
      const between = { gte: range.start, lt: range.end };
      const weekFigures = await figures(coalitionId, range, zone);
      const learnings = await db.learning.findMany({
        where: { coalitionId, createdAt: between },
        orderBy: { number: 'asc' },
        take: limit,
        select: { number: true, title: true, orgType: true, themes: { select: { theme: true } } },
      });
      const updates = await db.commitmentUpdate.findMany({
        where: { commitment: { coalitionId }, createdAt: between },
        orderBy: { createdAt: 'asc' },
        take: limit,
        select: {
          completion: true,
          previousCompletion: true,
          createdAt: true,
          commitment: { select: { number: true, title: true } },
        },
      });
      // Values recorded during the week (whatever day they describe), with their indicator.
      const measurements = await db.measurement.findMany({
        where: { indicator: { coalitionId }, createdAt: between },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit,
        select: {
          value: true,
          measuredOn: true,
          indicator: {
            select: {
              number: true,
              name: true,
              sdg: true,
              unit: true,
              commitment: { select: { number: true } },
            },
          },
        },
      });
      const meetings = await db.meeting.findMany({
        where: { coalitionId, cancelledAt: null, startsAt: { gte: range.end, lt: addWeeks(range.end, 2) } },
        orderBy: { startsAt: 'asc' },
        take: limit,
        select: { id: true, number: true, title: true, startsAt: true, kind: true },
      });
      const answers = meetings.length
        ? await db.rsvp.groupBy({
            by: ['meetingId', 'answer', 'observer'],
            where: { meetingId: { in: meetings.map((m) => m.id) } },
            _count: { _all: true },
          })
        : [];
      const members = await db.person.findMany({
        where: { coalitionId, joinedAt: between, erasedAt: null },
        orderBy: { joinedAt: 'asc' },
        take: limit,
        select: { displayName: true, role: true, organization: { select: { name: true, type: true } } },
      });
      const overdue = await db.actionItem.findMany({
        where: { coalitionId, doneAt: null, dueAt: { lte: range.end } },
        orderBy: { dueAt: 'asc' },
        take: limit,
        select: {
          number: true,
          text: true,
          dueOn: true,
          owner: { select: { displayName: true, erasedAt: true } },
        },
      });
      return {
        week: range.label,
        figures: weekFigures,
        attendance: await attendance(coalitionId, range),
        overdueActions: overdue.map((a) => ({
          id: Ref.action(a.number),
          text: a.text,
          due: a.dueOn,
          owner: a.owner && !a.owner.erasedAt ? a.owner.displayName : null,
        })),
        learnings: learnings.map((l) => ({
          id: Ref.learning(l.number),
          title: l.title,
          orgType: l.orgType,
          themes: l.themes.map((t) => t.theme).sort(),
        })),
        updates: updates.map((u) => ({
          id: Ref.commitment(u.commitment.number),
          title: u.commitment.title,
          from: u.previousCompletion,
          to: u.completion,
          at: u.createdAt,
        })),
        meetings: meetings.map((m) => {
          const count = (answer: string, observer: boolean) =>
            answers
              .filter((a) => a.meetingId === m.id && a.answer === answer && a.observer === observer)
              .reduce((n, a) => n + a._count._all, 0);
          return {
            id: Ref.meeting(m.number),
            title: m.title,
            startsAt: m.startsAt,
            kind: m.kind,
            rsvps: { YES: count('YES', false), MAYBE: count('MAYBE', false), NO: count('NO', false) },
            observers: { YES: count('YES', true), MAYBE: count('MAYBE', true), NO: count('NO', true) },
          };
        }),
        measurements: measurements.map((m) => ({
          id: Ref.indicator(m.indicator.number),
          commitment: Ref.commitment(m.indicator.commitment.number),
          name: m.indicator.name,
          sdg: m.indicator.sdg,
          unit: m.indicator.unit,
          value: m.value,
          date: m.measuredOn.toISOString().slice(0, 10),
        })),
        members: members.map((p) => ({
          name: p.displayName,
          role: p.role,
          organization: p.organization?.name ?? null,
          type: p.organization?.type ?? null,
        })),
      };
    },

    /** Every space of every coalition with a digest channel set. */
    async destinations(): Promise<
      {
        coalitionId: number;
        timezone: string;
        locale: Locale;
        platform: PlatformName;
        spaceId: string;
        channelId: string;
      }[]
    > {
      const spaces = await db.chatSpace.findMany({
        where: { digestChannelId: { not: null } },
        include: { coalition: true },
      });
      return spaces.map((s) => ({
        coalitionId: s.coalitionId,
        timezone: s.coalition.timezone,
        locale: asLocale(s.coalition.locale) ?? 'en',
        platform: s.platform,
        spaceId: s.externalId,
        channelId: s.digestChannelId!,
      }));
    },
  };
}
