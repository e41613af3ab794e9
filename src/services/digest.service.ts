import { TZDate } from '@date-fns/tz';
import { addWeeks, getISOWeek, getISOWeekYear, startOfISOWeek } from 'date-fns';
import type { ServiceDeps } from './context.ts';
import type { PlatformName } from './types.ts';

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
  return { label: `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`, start: new Date(start.getTime()), end: new Date(end.getTime()) };
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

  return {
    /** The week's figures, counted by the database. */
    async figures(coalitionId: number, range: WeekRange, zone: string) {
      const between = { gte: range.start, lt: range.end };
      const previous = { label: '', start: addWeeks(range.start, -1), end: range.start };
      return {
        learnings: await db.learning.count({ where: { coalitionId, createdAt: between } }),
        updates: await db.commitmentUpdate.count({ where: { commitment: { coalitionId }, createdAt: between } }),
        members: await db.person.count({ where: { coalitionId, joinedAt: between } }),
        meetings: await db.meeting.count({ where: { coalitionId, cancelledAt: null, startsAt: { gte: range.end, lt: addWeeks(range.end, 2) } } }),
        exchanges: await exchangeCount(coalitionId, range, zone),
        exchangesBefore: await exchangeCount(coalitionId, previous, zone),
      };
    },

    /** Every space of every coalition with a digest channel set. */
    async destinations(): Promise<{ coalitionId: number; timezone: string; locale: string; platform: PlatformName; spaceId: string; channelId: string }[]> {
      const spaces = await db.chatSpace.findMany({ where: { digestChannelId: { not: null } }, include: { coalition: true } });
      return spaces.map((s) => ({ coalitionId: s.coalitionId, timezone: s.coalition.timezone, locale: s.coalition.locale, platform: s.platform, spaceId: s.externalId, channelId: s.digestChannelId! }));
    },
  };
}
