// The annual report against a generated coalition year: expected figures are computed here, in
// plain code over the generated data, and must equal the database's grouped queries exactly.
import { TZDate } from '@date-fns/tz';
import { Ref } from '../../src/core/refs.ts';
import { translator } from '../../src/core/i18n/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpExchanges } from '../../src/jobs/exchanges.job.ts';
import { createLogger } from '../../src/core/log.ts';
import { reportCsv, reportJson, reportMarkdown } from '../../src/core/report-format.ts';
import {
  COMPLETIONS,
  MEETING_KINDS,
  ORG_TYPES,
  THEMES,
  type AnnualReport,
} from '../../src/services/index.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { generateYear } from '../helpers/coalition-year.ts';
import { harness, type Harness } from '../helpers/harness.ts';

const YEAR = 2026;
const ZONE = 'Europe/Paris';
const start = new Date(new TZDate(YEAR, 0, 1, 0, 0, ZONE).getTime());
const end = new Date(new TZDate(YEAR + 1, 0, 1, 0, 0, ZONE).getTime());
const within = (d: Date) => d >= start && d < end;
const count = <T>(xs: T[], key: (x: T) => string | null, keys: readonly string[] = []) => {
  const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const x of xs) {
    const k = key(x);
    if (k !== null) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};
const localMonth = (d: Date) => String(new TZDate(d.getTime(), ZONE).getMonth() + 1).padStart(2, '0');

type Generated = Awaited<ReturnType<typeof generateYear>>;

function expected(g: Generated): Omit<AnnualReport, 'generatedAt' | 'coalition'> {
  // By standing on 31 December: approved by then; still pending then is counted apart.
  const orgs = g.orgs.filter((o) => o.verifiedAt !== null && o.verifiedAt < end);
  const pending = g.orgs.filter(
    (o) =>
      o.createdAt < end &&
      (o.verifiedAt === null || o.verifiedAt >= end) &&
      (o.declinedAt === null || o.declinedAt >= end),
  );
  const commitments = g.commitments.filter((c) => c.createdAt < end);
  const ids = new Set(commitments.map((c) => c.id));
  const updatesInYear = g.updates.filter((u) => within(u.createdAt));
  const learnings = g.learnings.filter((l) => within(l.createdAt));
  const learningIds = new Set(learnings.map((l) => l.id));
  const held = g.meetings.filter((m) => m.cancelledAt === null && within(m.startsAt));
  const heldIds = new Set(held.map((m) => m.id));
  const answers = g.rsvps.filter((r) => heldIds.has(r.meetingId));
  const ex = g.exchanges.filter((e) => within(e.occurredAt));
  return {
    schemaVersion: 1,
    year: YEAR,
    members: {
      total: orgs.length,
      people: g.people.filter((p) => p.joinedAt < end).length,
      byType: count(orgs, (o) => o.type, ORG_TYPES) as AnnualReport['members']['byType'],
      byStatus: count(orgs, (o) => o.status, ['MEMBER', 'OBSERVER']) as AnnualReport['members']['byStatus'],
      countries: [...new Set(orgs.map((o) => o.country).filter((c): c is string => c !== null))].sort(),
      joins: g.people.filter((p) => within(p.joinedAt)).length,
      pending: pending.length,
    },
    commitments: {
      total: commitments.length,
      loggedThisYear: g.commitments.filter((c) => within(c.createdAt)).length,
      updated: new Set(updatesInYear.map((u) => u.commitmentId)).size,
      updates: updatesInYear.length,
      // Year-end truth: the level of the last update made before the year ended, else the first.
      byCompletion: count(
        commitments,
        (c) =>
          g.updates.filter((u) => u.commitmentId === c.id && u.createdAt < end).at(-1)?.completion ??
          c.initialCompletion,
        COMPLETIONS,
      ) as AnnualReport['commitments']['byCompletion'],
      byTheme: count(
        g.commitmentThemes.filter((t) => ids.has(t.commitmentId)),
        (t) => t.theme,
        THEMES,
      ) as AnnualReport['commitments']['byTheme'],
      byCountry: count(commitments, (c) => c.member),
      peopleCentred: commitments.filter((c) => c.peopleCentred).length,
      sdg163: commitments.filter((c) => c.sdgTargets.split(',').includes('16.3')).length,
    },
    learnings: {
      total: learnings.length,
      byTheme: count(
        g.learningThemes.filter((t) => learningIds.has(t.learningId)),
        (t) => t.theme,
        THEMES,
      ) as AnnualReport['learnings']['byTheme'],
      byCountry: count(learnings, (l) => l.country),
      byOrgType: count(learnings, (l) => l.orgType ?? 'UNKNOWN', [
        ...ORG_TYPES,
        'UNKNOWN',
      ]) as AnnualReport['learnings']['byOrgType'],
      mostUseful: learnings
        .filter((l) => l.usefulCount > 0)
        .sort((a, b) => b.usefulCount - a.usefulCount || a.number - b.number)
        .slice(0, 5)
        .map((l) => ({ id: Ref.learning(l.number), title: l.title, useful: l.usefulCount })),
      unverified: learnings.filter((l) => !l.verified).length,
    },
    meetings: {
      total: held.length,
      byKind: count(held, (m) => m.kind, MEETING_KINDS) as AnnualReport['meetings']['byKind'],
      rsvps: count(
        answers.filter((a) => !a.observer),
        (a) => a.answer,
        ['YES', 'MAYBE', 'NO'],
      ) as AnnualReport['meetings']['rsvps'],
      observers: count(
        answers.filter((a) => a.observer),
        (a) => a.answer,
        ['YES', 'MAYBE', 'NO'],
      ) as AnnualReport['meetings']['observers'],
      unverified: answers.filter((a) => !a.verified).length,
      cancelled: g.meetings.filter((m) => m.cancelledAt !== null && within(m.startsAt)).length,
      // The generated year has no series, attendance or minutes (test/meetings covers them).
      fromSeries: 0,
      attendance: {
        total: 0,
        members: 0,
        observers: 0,
        byOrgType: count([], () => '', [
          ...ORG_TYPES,
          'UNKNOWN',
        ]) as AnnualReport['meetings']['attendance']['byOrgType'],
        byCountry: {},
        meetingsRecorded: 0,
      },
      withMinutes: 0,
    },
    actions: { opened: 0, done: 0, overdue: 0, open: 0 },
    exchanges: {
      total: ex.length,
      byMonth: count(ex, (e) => localMonth(e.occurredAt), [
        '01',
        '02',
        '03',
        '04',
        '05',
        '06',
        '07',
        '08',
        '09',
        '10',
        '11',
        '12',
      ]) as AnnualReport['exchanges']['byMonth'],
      byOrgType: count(ex, (e) => e.orgType ?? 'UNKNOWN', [
        ...ORG_TYPES,
        'UNKNOWN',
      ]) as AnnualReport['exchanges']['byOrgType'],
      threaded: ex.filter((e) => e.threaded).length,
      activeOrganizations: new Set(ex.map((e) => e.organizationId).filter((x) => x !== null)).size,
    },
    indicators: expectedIndicators(g, ids),
    milestones: {
      total: g.milestones.filter((m) => ids.has(m.commitmentId)).length,
      due: g.milestones.filter((m) => ids.has(m.commitmentId) && m.dueDate.getUTCFullYear() === YEAR).length,
      done: g.milestones.filter((m) => ids.has(m.commitmentId) && m.doneAt && within(m.doneAt)).length,
      overdue: g.milestones.filter(
        (m) =>
          ids.has(m.commitmentId) &&
          m.dueDate.getUTCFullYear() === YEAR &&
          (m.doneAt === null || m.doneAt >= end),
      ).length,
    },
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function expectedIndicators(g: Generated, commitmentIds: Set<number>): AnnualReport['indicators'] {
  const numberOf = new Map(g.commitments.map((c) => [c.id, c.number]));
  const items = g.indicators
    .map((i) => {
      const inYear = g.measurements
        .filter((m) => m.indicatorId === i.id && m.measuredOn.getUTCFullYear() === YEAR)
        .sort((a, b) => a.measuredOn.getTime() - b.measuredOn.getTime());
      return { i, latest: inYear.at(-1) };
    })
    .filter(({ i, latest }) => commitmentIds.has(i.commitmentId) && (i.createdAt < end || latest))
    .sort((a, b) => a.i.number - b.i.number)
    .map(({ i, latest }) => {
      const value = latest?.value ?? null;
      const progress =
        value === null
          ? null
          : Math.round(((value - i.baselineValue) / (i.targetValue - i.baselineValue)) * 1000) / 1000;
      return {
        id: `I${i.number}`,
        commitment: `C${numberOf.get(i.commitmentId)}`,
        name:
          i.name ??
          {
            '16.3.1':
              'Proportion of victims of violence in the previous 12 months who reported their victimization to competent authorities or other officially recognized conflict resolution mechanisms',
            '16.3.2': 'Unsentenced detainees as a proportion of overall prison population',
            '16.3.3':
              'Proportion of the population who have experienced a dispute in the past two years and who accessed a formal or informal dispute resolution mechanism',
          }[i.sdg!]!,
        sdg: i.sdg,
        unit: i.unit,
        direction: i.direction,
        baseline: { value: i.baselineValue, date: day(i.baselineDate) },
        target: { value: i.targetValue, date: day(i.targetDate) },
        value,
        date: latest ? day(latest.measuredOn) : null,
        progress,
      };
    });
  return {
    total: items.length,
    measured: items.filter((x) => x.value !== null).length,
    reached: items.filter(
      (x) =>
        x.value !== null && (x.direction === 'UP' ? x.value >= x.target.value : x.value <= x.target.value),
    ).length,
    items,
  };
}

describe.each(PROVIDERS)('annual report on %s', (provider) => {
  let h: Harness;
  let g: Generated;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider, { timezone: ZONE });
    h.clock.current = new Date('2027-02-01T12:00:00Z');
    g = await generateYear(h.db, h.url, { seed: 7, year: YEAR, zone: ZONE });
    await rollUpExchanges(
      h.jobs(createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream)),
    );
  }, 240_000);
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'equals independently computed figures, boundaries and empty sections included',
    async () => {
      const report = await h.services.reports.annual(g.coalitionId, YEAR);
      const { generatedAt, coalition, ...figures } = report;
      expect(coalition).toEqual({ name: 'Generated Coalition', timezone: ZONE });
      expect(generatedAt).toBe('2027-02-01T12:00:00.000Z');
      expect(figures).toEqual(expected(g));
      expect(report.meetings.byKind.HYBRID).toBe(0);
      expect(report.learnings.total).toBeGreaterThan(3000);
      expect(report.exchanges.total).toBeGreaterThan(150_000);
      // The generated year exercises what year-end truth is about: levels changed after the year.
      expect(g.updates.some((u) => u.createdAt >= end)).toBe(true);
      expect(report.indicators.measured).toBeGreaterThan(0);
      expect(report.indicators.items.some((i) => i.value === null)).toBe(true);
      expect(report.milestones.overdue).toBeGreaterThan(0);
    },
  );

  it.skipIf(!available(provider))(
    'counts organisations by their standing on 31 December: approved at 23:59 counts, at midnight it was pending',
    async () => {
      const report = await h.services.reports.annual(g.coalitionId, YEAR);
      const next = await h.services.reports.annual(g.coalitionId, YEAR + 1);
      expect(report.members.pending).toBeGreaterThan(0);
      expect(report.members.total + report.members.pending).toBeLessThan(g.orgs.length);
      expect(next.members.total).toBeGreaterThan(report.members.total);
      // The organisation approved at midnight is pending in YEAR and verified in YEAR + 1.
      const atMidnight = g.orgs[1]!;
      expect(atMidnight.verifiedAt!.toISOString()).toBe('2026-12-31T23:00:00.000Z');
    },
  );

  it.skipIf(!available(provider))(
    'includes a learning at 23:59 on 31 December and excludes one at midnight',
    async () => {
      const late = await h.services.reports.annual(g.coalitionId, YEAR);
      const next = await h.services.reports.annual(g.coalitionId, YEAR + 1);
      expect(g.learnings[0]!.createdAt.toISOString()).toBe('2026-12-31T22:59:00.000Z');
      expect(late.learnings.total).toBe(g.learnings.filter((l) => within(l.createdAt)).length);
      expect(next.learnings.total).toBeGreaterThanOrEqual(1);
    },
  );

  it.skipIf(!available(provider))(
    'exports CSV tables and a Markdown summary from the same figures',
    async () => {
      const report = await h.services.reports.annual(g.coalitionId, YEAR);
      const csv = reportCsv(report);
      expect(csv.split('\n\n').map((t) => t.split('\n')[0])).toEqual([
        '# summary',
        '# members_by_type',
        '# members_by_status',
        '# countries',
        '# commitments_by_completion',
        '# commitments_by_theme',
        '# commitments_by_country',
        '# learnings_by_theme',
        '# learnings_by_country',
        '# learnings_by_org_type',
        '# learnings_most_useful',
        '# meetings_by_kind',
        '# meeting_answers',
        '# attendance_by_org_type',
        '# attendance_by_country',
        '# exchanges_by_month',
        '# exchanges_by_org_type',
        '# indicators',
        '# milestones',
      ]);
      expect(csv).toContain(`learnings,total,${report.learnings.total}\n`);
      const md = reportMarkdown(report, translator('en'));
      expect(md).toContain(`# Generated Coalition — activity in 2026`);
      expect(md).toContain(`**${report.members.total} organisations**`);
      // Labels come from the catalogue ("SDG 16", not "Sdg16"); months run January to December.
      expect(md).toContain('| SDG 16 |');
      expect(md.indexOf('| January 2026 |')).toBeLessThan(md.indexOf('| October 2026 |'));
      const fr = reportMarkdown(report, translator('fr'));
      expect(fr).toContain('# Generated Coalition — activité en 2026');
      expect(fr).toContain('| janvier 2026 |');
      // JSON keeps byMonth in calendar order (integer-like keys would otherwise come first).
      const json = reportJson(report);
      expect(json.indexOf('"01":')).toBeLessThan(json.indexOf('"10":'));
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
      const months = csv
        .split('# exchanges_by_month\n')[1]!
        .split('\n')
        .slice(1, 13)
        .map((l) => l.split(',')[0]);
      expect(months).toEqual([...Array(12)].map((_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    },
  );
});
