// Year-end truth: the report for a year counts each commitment at the level in force when the year
// ended in the coalition's zone, each indicator at its latest value measured in the year, and
// milestones as they stood then. What happens in January changes nothing about last year.
import { translator } from '../../src/core/i18n/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCsv, reportMarkdown } from '../../src/core/report-format.ts';
import type { AnnualReport } from '../../src/services/index.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

const at = (iso: string) => new Date(iso);
const LOG = (title: string) =>
  `/commitment log title:"${title}" member:Kenya plan:2024-2028 description:"A commitment to test the year's end." themes:justice_data`;
const figures = ({ generatedAt: _g, ...r }: AnnualReport) => r;

describe.each(PROVIDERS)('the annual report at year end on %s', (provider) => {
  let h: Harness;
  let coalition: number;
  const report = (year: number) => h.services.reports.annual(coalition, year);
  const must = async (person: string, line: string) => {
    const out = await h.run(person, line);
    if (!out.ok) throw new Error(`${line}: ${JSON.stringify(out.reply.lines)}`);
  };

  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider, { timezone: 'Europe/Paris' });
    h.clock.current = at('2025-02-01T10:00:00Z');
    await joined(h, 'wanjiru', 'Judiciary of Kenya', 'government');
    coalition = (await h.db.coalition.findFirstOrThrow()).id;
    await must('wanjiru', LOG('Court data portal'));
    await must('wanjiru', LOG('Hearing lists online'));
    h.clock.current = at('2025-06-01T10:00:00Z');
    await must('wanjiru', '/commitment update C1 limited "Portal designed."');
    // 23:30 on 31 December in Paris is still 2025 …
    h.clock.current = at('2025-12-31T22:30:00Z');
    await must('wanjiru', '/commitment update C1 substantial "Portal live for 30 courts."');
    // … midnight on 1 January is not.
    h.clock.current = at('2025-12-31T23:00:00Z');
    await must('wanjiru', '/commitment update C2 complete "All lists online."');

    h.clock.current = at('2025-03-01T10:00:00Z');
    await must(
      'wanjiru',
      '/commitment indicator C1 sdg:16.3.3 baseline:30 baseline_date:2024-06-30 target:50 target_date:2028-06-30',
    );
    await must(
      'wanjiru',
      '/commitment indicator C1 name:"Judgments online" unit:% direction:up baseline:5 baseline_date:2024-12-31 target:90 target_date:2027-12-31',
    );
    h.clock.current = at('2025-12-20T10:00:00Z');
    await must(
      'wanjiru',
      '/commitment measure C1 indicator:I1 value:36 date:2025-06-30 source:https://stats.example.org/a',
    );
    await must(
      'wanjiru',
      '/commitment measure C1 indicator:I1 value:41 date:2025-11-30 source:https://stats.example.org/b',
    );
    await must(
      'wanjiru',
      '/commitment measure C1 indicator:I1 value:33 date:2024-11-30 source:https://stats.example.org/old',
    );
    h.clock.current = at('2025-04-01T10:00:00Z');
    await must('wanjiru', '/commitment milestone C1 "Pilot courts" 2025-09-30');
    await must('wanjiru', '/commitment milestone C1 "All courts" 2025-12-15');
    await must('wanjiru', '/commitment milestone C2 "Lists in Swahili" 2026-03-31');
    h.clock.current = at('2025-09-29T10:00:00Z');
    await must('wanjiru', '/commitment milestone-done C1 1');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'counts each commitment at its last level set before 1 January 00:00 in the coalition’s zone',
    async () => {
      h.clock.current = at('2026-01-02T09:00:00Z');
      const r = await report(2025);
      expect(r.commitments.byCompletion).toEqual({
        NO_EVIDENCE: 0,
        NOT_STARTED: 1,
        LIMITED: 0,
        SUBSTANTIAL: 1,
        COMPLETE: 0,
        WITHDRAWN: 0,
      });
      expect(r.commitments.total).toBe(2);
      // The current level is a different truth: C2 is complete now.
      const next = await report(2026);
      expect(next.commitments.byCompletion).toMatchObject({ SUBSTANTIAL: 1, COMPLETE: 1, NOT_STARTED: 0 });
    },
  );

  it.skipIf(!available(provider))(
    'reports each indicator at its latest value measured in the year, null when none, and milestones as they stood',
    async () => {
      const r = await report(2025);
      expect(r.indicators).toEqual({
        total: 2,
        measured: 1,
        reached: 0,
        items: [
          {
            id: 'I1',
            commitment: 'C1',
            name: 'Proportion of the population who have experienced a dispute in the past two years and who accessed a formal or informal dispute resolution mechanism',
            sdg: '16.3.3',
            unit: '%',
            direction: 'UP',
            baseline: { value: 30, date: '2024-06-30' },
            target: { value: 50, date: '2028-06-30' },
            value: 41,
            date: '2025-11-30',
            progress: 0.55,
          },
          {
            id: 'I2',
            commitment: 'C1',
            name: 'Judgments online',
            sdg: null,
            unit: '%',
            direction: 'UP',
            baseline: { value: 5, date: '2024-12-31' },
            target: { value: 90, date: '2027-12-31' },
            value: null,
            date: null,
            progress: null,
          },
        ],
      });
      expect(r.milestones).toEqual({ total: 3, due: 2, done: 1, overdue: 1 });
      expect(reportCsv(r)).toContain(
        '# indicators\nid,commitment,name,sdg,unit,direction,baseline,baseline_date,target,target_date,value,date,progress\n',
      );
      expect(reportCsv(r)).toContain('I2,C1,Judgments online,,%,UP,5,2024-12-31,90,2027-12-31,,,\n');
      // Negative values stay numbers; text that looks like a formula is still defused.
      const negative = {
        ...r.indicators.items[1]!,
        name: '-days',
        baseline: { value: -1.5, date: '2024-12-31' },
      };
      expect(reportCsv({ ...r, indicators: { ...r.indicators, items: [negative] } })).toContain(
        "I2,C1,'-days,,%,UP,-1.5,2024-12-31,",
      );
      const en = translator('en');
      expect(reportMarkdown(r, en)).toContain(
        '2 indicators, 1 measured during the year, 0 at or beyond their target.',
      );
      // English plurals by count: "1 was", not "1 were".
      expect(reportMarkdown(r, en)).toContain(
        '2 milestones fell due during the year and 1 was completed; 1 due in the year was still open at its end (3 in all).',
      );
      expect(reportMarkdown(r, translator('fr'))).toContain('## Jalons');
      // The schema's stable shape is untouched; the new sections sit beside it.
      expect(Object.keys(r)).toEqual([
        'schemaVersion',
        'year',
        'coalition',
        'generatedAt',
        'members',
        'commitments',
        'learnings',
        'meetings',
        'actions',
        'exchanges',
        'indicators',
        'milestones',
      ]);
    },
  );

  it.skipIf(!available(provider))(
    'leaves last year’s report unchanged by what is done in January',
    async () => {
      h.clock.current = at('2026-01-05T09:00:00Z');
      const before = figures(await report(2025));
      h.clock.current = at('2026-01-15T09:00:00Z');
      await must('wanjiru', '/commitment update C1 complete "Every court publishes."');
      await must('wanjiru', '/commitment update C2 withdrawn "Merged into C1."');
      await must('wanjiru', '/commitment milestone-done C1 2');
      await must(
        'wanjiru',
        '/commitment measure C1 indicator:I2 value:60 date:2026-01-10 source:https://stats.example.org/c',
      );
      await must('wanjiru', LOG('Logged in January'));
      const after = figures(await report(2025));
      expect(after).toEqual(before);
      expect(after.commitments.byCompletion.SUBSTANTIAL).toBe(1);
      const now = await report(2026);
      expect(now.commitments.byCompletion).toMatchObject({ COMPLETE: 1, WITHDRAWN: 1, NOT_STARTED: 1 });
      expect(now.milestones).toMatchObject({ done: 1 });
      expect(now.indicators.items.find((i) => i.id === 'I2')).toMatchObject({
        value: 60,
        date: '2026-01-10',
      });
    },
  );

  it.skipIf(!available(provider))(
    'dates the importer’s levels too: a re-import next year does not rewrite this one',
    async () => {
      const row = {
        ogpId: 'KE0099',
        title: 'Imported commitment',
        member: 'Kenya',
        plan: '2024-2028',
        description: 'From the IRM export.',
        institution: null,
        themes: ['JUSTICE_DATA' as const],
        peopleCentred: false,
      };
      h.clock.current = at('2025-05-01T10:00:00Z');
      await h.services.transaction((s) =>
        s.imports.commitments(coalition, [{ ...row, completion: 'LIMITED' }]),
      );
      h.clock.current = at('2025-10-01T10:00:00Z');
      await h.services.transaction((s) =>
        s.imports.commitments(coalition, [{ ...row, completion: 'SUBSTANTIAL' }]),
      );
      // The same level again is not a change.
      await h.services.transaction((s) =>
        s.imports.commitments(coalition, [{ ...row, completion: 'SUBSTANTIAL' }]),
      );
      h.clock.current = at('2026-02-01T10:00:00Z');
      const before = figures(await report(2025));
      await h.services.transaction((s) =>
        s.imports.commitments(coalition, [{ ...row, completion: 'COMPLETE' }]),
      );
      expect(figures(await report(2025))).toEqual(before);
      const history = await h.db.completionChange.findMany({
        where: { commitment: { ogpId: 'KE0099' } },
        orderBy: { setAt: 'asc' },
      });
      expect(
        history.map((x) => [x.completion, x.source, x.setAt.toISOString(), x.until?.toISOString() ?? null]),
      ).toEqual([
        ['LIMITED', 'import', '2025-05-01T10:00:00.000Z', '2025-10-01T10:00:00.000Z'],
        ['SUBSTANTIAL', 'import', '2025-10-01T10:00:00.000Z', '2026-02-01T10:00:00.000Z'],
        ['COMPLETE', 'import', '2026-02-01T10:00:00.000Z', null],
      ]);
      expect((await report(2025)).commitments.byCompletion.SUBSTANTIAL).toBe(2);
    },
  );
});
