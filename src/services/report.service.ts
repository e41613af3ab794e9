// Annual-report data: every figure is a grouped query or a count in the database; nothing loads
// the year's rows into memory (the exchange roll-up is already one row per day and channel).
import { TZDate } from '@date-fns/tz';
import { progressOf, reached, SDG_DEFINITIONS, type SdgIndicatorCode } from '../core/indicators.ts';
import { Ref } from '../core/refs.ts';
import type { ServiceDeps } from './context.ts';
import type { DbOrTx } from './db/client.ts';
import { COMPLETIONS, MEETING_KINDS, ORG_TYPES, THEMES } from './types.ts';

export const REPORT_SCHEMA_VERSION = 1;

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
/** The months of a year as the report's `byMonth` keys, in calendar order. */
export const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;

export interface AnnualReport {
  schemaVersion: number;
  year: number;
  coalition: { name: string; timezone: string };
  generatedAt: string;
  members: {
    total: number;
    people: number;
    byType: Record<(typeof ORG_TYPES)[number], number>;
    byStatus: { MEMBER: number; OBSERVER: number };
    countries: string[];
    joins: number;
    /** Organisations still waiting for the secretariat's approval on 31 December (not in total). */
    pending: number;
  };
  commitments: {
    total: number;
    loggedThisYear: number;
    updated: number;
    updates: number;
    byCompletion: Record<(typeof COMPLETIONS)[number], number>;
    byTheme: Record<(typeof THEMES)[number], number>;
    byCountry: Record<string, number>;
    peopleCentred: number;
    sdg163: number;
  };
  learnings: {
    total: number;
    byTheme: Record<(typeof THEMES)[number], number>;
    byCountry: Record<string, number>;
    byOrgType: Record<(typeof ORG_TYPES)[number] | 'UNKNOWN', number>;
    mostUseful: { id: string; title: string; useful: number }[];
    /** Shared by people whose membership is not approved (counted in total, under UNKNOWN). */
    unverified: number;
  };
  meetings: {
    total: number;
    byKind: Record<(typeof MEETING_KINDS)[number], number>;
    rsvps: { YES: number; MAYBE: number; NO: number };
    observers: { YES: number; MAYBE: number; NO: number };
    /** Answers from people not yet approved (counted with the observers). */
    unverified: number;
    cancelled: number;
    /** Meetings of a series among those held. */
    fromSeries: number;
    attendance: {
      total: number;
      members: number;
      observers: number;
      byOrgType: Record<(typeof ORG_TYPES)[number] | 'UNKNOWN', number>;
      byCountry: Record<string, number>;
      /** Meetings held with attendance recorded. */
      meetingsRecorded: number;
    };
    /** Meetings held with minutes recorded. */
    withMinutes: number;
  };
  actions: {
    /** Action items added during the year. */
    opened: number;
    done: number;
    /** Due during the year and not done by its end. */
    overdue: number;
    /** Not done at the year's end (due or not). */
    open: number;
  };
  exchanges: {
    total: number;
    byMonth: Record<(typeof MONTHS)[number], number>;
    byOrgType: Record<(typeof ORG_TYPES)[number] | 'UNKNOWN', number>;
    threaded: number;
    activeOrganizations: number;
  };
  /** Each outcome indicator at its latest value measured in the year (null when none). */
  indicators: IndicatorsSection;
  milestones: MilestonesSection;
}

export interface IndicatorFigure {
  id: string;
  commitment: string;
  name: string;
  sdg: string | null;
  unit: string;
  direction: 'UP' | 'DOWN';
  baseline: { value: number; date: string };
  target: { value: number; date: string };
  /** The latest value measured in the year, and its day; null when none was. */
  value: number | null;
  date: string | null;
  /** Share of the way from baseline to target (1 = reached); null without a value. */
  progress: number | null;
}

export interface IndicatorsSection {
  total: number;
  /** With a value measured in the year. */
  measured: number;
  /** Whose value in the year meets the target. */
  reached: number;
  items: IndicatorFigure[];
}

export interface MilestonesSection {
  /** Milestones of the commitments counted, added by the end of the year. */
  total: number;
  /** Due during the year. */
  due: number;
  /** Completed during the year. */
  done: number;
  /** Due during the year and not completed by its end. */
  overdue: number;
}

/** 1 January 00:00 to the next 1 January in the coalition's zone. */
export function yearRange(year: number, zone: string) {
  return {
    start: new Date(new TZDate(year, 0, 1, 0, 0, zone).getTime()),
    end: new Date(new TZDate(year + 1, 0, 1, 0, 0, zone).getTime()),
  };
}

export function reportService({ db, clock }: ServiceDeps) {
  return {
    async annual(coalitionId: number, year: number): Promise<AnnualReport> {
      const c = await db.coalition.findUniqueOrThrow({ where: { id: coalitionId } });
      const { start, end } = yearRange(year, c.timezone);
      const inYear = { gte: start, lt: end };
      const before = { lt: end };

      // Members: organisations by their standing on 31 December: verified by then (member or
      // observer) count; those still pending then are counted apart.
      const orgWhere = { coalitionId, verifiedAt: before };
      const pending = await db.organization.count({
        where: {
          coalitionId,
          createdAt: before,
          AND: [
            { OR: [{ verifiedAt: null }, { verifiedAt: { gte: end } }] },
            { OR: [{ declinedAt: null }, { declinedAt: { gte: end } }] },
          ],
        },
      });
      const byType = zeros(ORG_TYPES);
      for (const g of await db.organization.groupBy({
        by: ['type'],
        where: orgWhere,
        _count: { _all: true },
      }))
        byType[g.type] = g._count._all;
      const byStatus = { MEMBER: 0, OBSERVER: 0 };
      for (const g of await db.organization.groupBy({
        by: ['status'],
        where: orgWhere,
        _count: { _all: true },
      }))
        byStatus[g.status] = g._count._all;
      const countries = (
        await db.organization.groupBy({ by: ['country'], where: { ...orgWhere, country: { not: null } } })
      )
        .map((g) => g.country!)
        .sort();
      const people = await db.person.count({ where: { coalitionId, joinedAt: before } });
      const joins = await db.person.count({ where: { coalitionId, joinedAt: inYear } });

      // Commitments: those logged by the end of the year, each at its level in force at that end.
      const comWhere = { coalitionId, createdAt: before };
      const byCompletion = await completionAtYearEnd(db, comWhere, end);
      const comByTheme = zeros(THEMES);
      for (const g of await db.commitmentTheme.groupBy({
        by: ['theme'],
        where: { commitment: comWhere },
        _count: { _all: true },
      }))
        comByTheme[g.theme] = g._count._all;
      const comByCountry: Record<string, number> = {};
      for (const g of await db.commitment.groupBy({
        by: ['member'],
        where: comWhere,
        _count: { _all: true },
        orderBy: { member: 'asc' },
      }))
        comByCountry[g.member] = g._count._all;
      const updatedIds = await db.commitmentUpdate.groupBy({
        by: ['commitmentId'],
        where: { commitment: { coalitionId }, createdAt: inYear },
      });

      // Learnings shared during the year.
      const lWhere = { coalitionId, createdAt: inYear };
      const lByTheme = zeros(THEMES);
      for (const g of await db.learningTheme.groupBy({
        by: ['theme'],
        where: { learning: lWhere },
        _count: { _all: true },
      }))
        lByTheme[g.theme] = g._count._all;
      const lByCountry: Record<string, number> = {};
      for (const g of await db.learning.groupBy({
        by: ['country'],
        where: { ...lWhere, country: { not: null } },
        _count: { _all: true },
        orderBy: { country: 'asc' },
      }))
        lByCountry[g.country!] = g._count._all;
      const lByOrg = { ...zeros(ORG_TYPES), UNKNOWN: 0 };
      for (const g of await db.learning.groupBy({ by: ['orgType'], where: lWhere, _count: { _all: true } }))
        lByOrg[g.orgType ?? 'UNKNOWN'] += g._count._all;
      const mostUseful = await db.learning.findMany({
        where: { ...lWhere, usefulCount: { gt: 0 } },
        orderBy: [{ usefulCount: 'desc' }, { number: 'asc' }],
        take: 5,
        select: { number: true, title: true, usefulCount: true },
      });

      // Meetings held during the year (started, not cancelled), their answers.
      const now = clock.now();
      const mWhere = { coalitionId, cancelledAt: null, startsAt: { gte: start, lt: end < now ? end : now } };
      const byKind = zeros(MEETING_KINDS);
      for (const g of await db.meeting.groupBy({ by: ['kind'], where: mWhere, _count: { _all: true } }))
        byKind[g.kind] = g._count._all;
      const rsvps = { YES: 0, MAYBE: 0, NO: 0 };
      const observers = { YES: 0, MAYBE: 0, NO: 0 };
      for (const g of await db.rsvp.groupBy({
        by: ['answer', 'observer'],
        where: { meeting: mWhere },
        _count: { _all: true },
      }))
        (g.observer ? observers : rsvps)[g.answer] += g._count._all;

      // Attendance at meetings held, by the organisation type and country recorded with it.
      const aWhere = { meeting: mWhere };
      const attByOrg = { ...zeros(ORG_TYPES), UNKNOWN: 0 };
      const attendance = { total: 0, members: 0, observers: 0 };
      for (const g of await db.attendance.groupBy({
        by: ['orgType', 'observer'],
        where: aWhere,
        _count: { _all: true },
      })) {
        attByOrg[g.orgType ?? 'UNKNOWN'] += g._count._all;
        attendance.total += g._count._all;
        attendance[g.observer ? 'observers' : 'members'] += g._count._all;
      }
      const attByCountry: Record<string, number> = {};
      for (const g of await db.attendance.groupBy({
        by: ['country'],
        where: { ...aWhere, country: { not: null } },
        _count: { _all: true },
        orderBy: { country: 'asc' },
      }))
        attByCountry[g.country!] = g._count._all;
      const recorded = (await db.attendance.groupBy({ by: ['meetingId'], where: aWhere })).length;
      const yearEnd = end < now ? end : now;

      // Exchanges from the daily roll-up (days are in the coalition's zone).
      const dayWhere = { coalitionId, day: { gte: `${year}-01-01`, lt: `${year + 1}-01-01` } };
      const byMonth = zeros(MONTHS);
      const exByOrg = { ...zeros(ORG_TYPES), UNKNOWN: 0 };
      let total = 0;
      let threaded = 0;
      for (const g of await db.exchangeDaily.groupBy({
        by: ['day', 'orgType', 'threaded'],
        where: dayWhere,
        _sum: { count: true },
      })) {
        const n = g._sum.count ?? 0;
        total += n;
        if (g.threaded) threaded += n;
        byMonth[g.day.slice(5, 7) as (typeof MONTHS)[number]] += n;
        exByOrg[(g.orgType in exByOrg ? g.orgType : 'UNKNOWN') as keyof typeof exByOrg] += n;
      }
      const active = new Set<string>();
      for (const g of await db.exchangeDaily.groupBy({
        by: ['organizations'],
        where: { ...dayWhere, organizations: { not: '' } },
      }))
        for (const id of g.organizations.split(',')) active.add(id);

      return {
        schemaVersion: REPORT_SCHEMA_VERSION,
        year,
        coalition: { name: c.name, timezone: c.timezone },
        generatedAt: now.toISOString(),
        members: {
          total: byStatus.MEMBER + byStatus.OBSERVER,
          people,
          byType,
          byStatus,
          countries,
          joins,
          pending,
        },
        commitments: {
          total: await db.commitment.count({ where: comWhere }),
          loggedThisYear: await db.commitment.count({ where: { coalitionId, createdAt: inYear } }),
          updated: updatedIds.length,
          updates: await db.commitmentUpdate.count({
            where: { commitment: { coalitionId }, createdAt: inYear },
          }),
          byCompletion,
          byTheme: comByTheme,
          byCountry: comByCountry,
          peopleCentred: await db.commitment.count({ where: { ...comWhere, peopleCentred: true } }),
          sdg163: await db.commitment.count({
            where: {
              ...comWhere,
              OR: [
                { sdgTargets: '16.3' },
                { sdgTargets: { startsWith: '16.3,' } },
                { sdgTargets: { contains: ',16.3,' } },
                { sdgTargets: { endsWith: ',16.3' } },
              ],
            },
          }),
        },
        learnings: {
          total: await db.learning.count({ where: lWhere }),
          byTheme: lByTheme,
          byCountry: lByCountry,
          byOrgType: lByOrg,
          mostUseful: mostUseful.map((l) => ({
            id: Ref.learning(l.number),
            title: l.title,
            useful: l.usefulCount,
          })),
          unverified: await db.learning.count({ where: { ...lWhere, verified: false } }),
        },
        meetings: {
          total: Object.values(byKind).reduce((a, b) => a + b, 0),
          byKind,
          rsvps,
          observers,
          unverified: await db.rsvp.count({ where: { meeting: mWhere, verified: false } }),
          cancelled: await db.meeting.count({
            where: { coalitionId, cancelledAt: { not: null }, startsAt: inYear },
          }),
          fromSeries: await db.meeting.count({ where: { ...mWhere, seriesId: { not: null } } }),
          attendance: {
            ...attendance,
            byOrgType: attByOrg,
            byCountry: attByCountry,
            meetingsRecorded: recorded,
          },
          withMinutes: await db.meeting.count({ where: { ...mWhere, minutesAt: { not: null } } }),
        },
        actions: {
          opened: await db.actionItem.count({ where: { coalitionId, createdAt: inYear } }),
          done: await db.actionItem.count({ where: { coalitionId, doneAt: inYear } }),
          overdue: await db.actionItem.count({
            where: {
              coalitionId,
              dueAt: { gte: start, lte: yearEnd },
              OR: [{ doneAt: null }, { doneAt: { gt: yearEnd } }],
            },
          }),
          open: await db.actionItem.count({
            where: {
              coalitionId,
              createdAt: { lt: yearEnd },
              OR: [{ doneAt: null }, { doneAt: { gt: yearEnd } }],
            },
          }),
        },
        exchanges: { total, byMonth, byOrgType: exByOrg, threaded, activeOrganizations: active.size },
        indicators: await indicatorsInYear(db, coalitionId, year, end),
        milestones: await milestonesInYear(db, comWhere, year, start, end),
      };
    },
  };
}

// Year-end truth: the figures below read what was true in the year reported, so a change made
// later (an update in January, a milestone completed late) never rewrites a past year.

type CommitmentScope = { coalitionId: number; createdAt: { lt: Date } };

/**
 * Each commitment at the last completion level set before the end of the year (1 January of the
 * next, 00:00 in the coalition's zone), from the dated history: the level whose span covers `end`.
 */
async function completionAtYearEnd(db: DbOrTx, commitments: CommitmentScope, end: Date) {
  const byCompletion = zeros(COMPLETIONS);
  for (const g of await db.completionChange.groupBy({
    by: ['completion'],
    where: { commitment: commitments, setAt: { lt: end }, OR: [{ until: null }, { until: { gte: end } }] },
    _count: { _all: true },
  }))
    byCompletion[g.completion] = g._count._all;
  return byCompletion;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
/** Calendar dates are stored as 00:00 UTC of the day: a year of them runs from 1 January to 1 January. */
const calendarYear = (year: number) => ({
  gte: new Date(Date.UTC(year, 0, 1)),
  lt: new Date(Date.UTC(year + 1, 0, 1)),
});

/**
 * Every indicator defined by the end of the year (or measured in it), at its latest value measured
 * in the year: the day measured decides, not when it was typed.
 */
async function indicatorsInYear(
  db: DbOrTx,
  coalitionId: number,
  year: number,
  end: Date,
): Promise<IndicatorsSection> {
  const measuredIn = calendarYear(year);
  const rows = await db.indicator.findMany({
    where: {
      coalitionId,
      commitment: { createdAt: { lt: end } },
      OR: [{ createdAt: { lt: end } }, { measurements: { some: { measuredOn: measuredIn } } }],
    },
    include: { commitment: { select: { number: true } } },
    orderBy: { number: 'asc' },
  });
  const latestDay = new Map<number, Date>();
  for (const g of await db.measurement.groupBy({
    by: ['indicatorId'],
    where: { indicatorId: { in: rows.map((r) => r.id) }, measuredOn: measuredIn },
    _max: { measuredOn: true },
  }))
    if (g._max.measuredOn) latestDay.set(g.indicatorId, g._max.measuredOn);
  const values = new Map<number, number>();
  if (latestDay.size > 0)
    for (const m of await db.measurement.findMany({
      where: { OR: [...latestDay].map(([indicatorId, measuredOn]) => ({ indicatorId, measuredOn })) },
      select: { indicatorId: true, value: true },
    }))
      values.set(m.indicatorId, m.value);
  const items = rows.map((i): IndicatorFigure => {
    const value = values.get(i.id) ?? null;
    const progress = value === null ? null : progressOf(i, value);
    return {
      id: Ref.indicator(i.number),
      commitment: Ref.commitment(i.commitment.number),
      name: i.name ?? SDG_DEFINITIONS[i.sdg as SdgIndicatorCode]?.name ?? String(i.sdg),
      sdg: i.sdg,
      unit: i.unit,
      direction: i.direction,
      baseline: { value: i.baselineValue, date: dayOf(i.baselineDate) },
      target: { value: i.targetValue, date: dayOf(i.targetDate) },
      value,
      date: latestDay.has(i.id) ? dayOf(latestDay.get(i.id)!) : null,
      progress: progress === null ? null : Math.round(progress * 1000) / 1000,
    };
  });
  return {
    total: items.length,
    measured: items.filter((i) => i.value !== null).length,
    reached: items.filter(
      (i) => i.value !== null && reached({ targetValue: i.target.value, direction: i.direction }, i.value),
    ).length,
    items,
  };
}

/** Milestones due in the year, completed in it, and still open when it ended. */
async function milestonesInYear(
  db: DbOrTx,
  commitments: CommitmentScope,
  year: number,
  start: Date,
  end: Date,
): Promise<MilestonesSection> {
  const scope = { commitment: commitments };
  const due = calendarYear(year);
  return {
    total: await db.milestone.count({ where: { ...scope, createdAt: { lt: end } } }),
    due: await db.milestone.count({ where: { ...scope, dueDate: due } }),
    done: await db.milestone.count({ where: { ...scope, doneAt: { gte: start, lt: end } } }),
    overdue: await db.milestone.count({
      where: { ...scope, dueDate: due, OR: [{ doneAt: null }, { doneAt: { gte: end } }] },
    }),
  };
}
