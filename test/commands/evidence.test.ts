// Outcome indicators, measured values and milestones through the real core and database: who may,
// what is refused (writing nothing), what the commitment card shows, the digest and the reminders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.ts';
import { planMilestoneReminders } from '../../src/jobs/milestones.job.ts';
import { isoWeek } from '../../src/services/index.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';
import { MemoryPlatform } from '../helpers/memory-platform.ts';

const quiet = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);
const DAY = 86_400_000;
const LOG =
  '/commitment log title:"Casas de justicia in every municipality" member:Colombia plan:2024-2028 description:"Free local justice houses in every municipality." themes:access_to_justice';

describe.each(PROVIDERS)('indicators, measurements and milestones on %s', (provider) => {
  let h: Harness;
  const platform = new MemoryPlatform('CONSOLE', { events: false });
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
    h.attach(platform);
    await joined(h, 'maria', 'Ministerio de Justicia', 'government');
    await joined(h, 'juan', 'Ministerio de Justicia');
    await joined(h, 'ana', 'Dejusticia', 'civil_society');
    await joined(h, 'obs', 'Observatory', 'civil_society', 'observer');
    expect((await h.run('maria', LOG)).ok).toBe(true);
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'defines an SDG 16.3.3 indicator from its template and a member-defined one, each with an I id',
    async () => {
      const sdg = await h.run(
        'maria',
        '/commitment indicator C1 sdg:16.3.3 baseline:32 baseline_date:2024-01-15 target:60 target_date:2027-12-31 source:https://dane.example.gov.co/enj-2024',
      );
      expect(sdg.ok).toBe(true);
      expect(sdg.reply.title).toBe(
        'I1 · SDG 16.3.3 · People with a dispute who accessed a resolution mechanism (%)',
      );
      expect(sdg.reply.lines?.[0]).toBe('Indicator I1 added to C1.');
      const own = await h.run(
        'juan',
        '/commitment indicator C1 name:"Days to first hearing" unit:days direction:down baseline:"120,5" baseline_date:2024-03-01 target:45 target_date:2028-06-30',
      );
      expect(own.ok).toBe(true);
      const rows = await h.db.indicator.findMany({ orderBy: { number: 'asc' } });
      expect(
        rows.map((r) => [r.number, r.name, r.sdg, r.unit, r.direction, r.baselineValue, r.targetValue]),
      ).toEqual([
        [1, null, '16.3.3', '%', 'UP', 32, 60],
        [2, 'Days to first hearing', null, 'days', 'DOWN', 120.5, 45],
      ]);
      expect(rows[0]!.baselineDate.toISOString()).toBe('2024-01-15T00:00:00.000Z');
      expect(rows[0]!.baselineSource).toBe('https://dane.example.gov.co/enj-2024');
      // The same SDG indicator twice on one commitment is a mistake.
      const again = await h.run(
        'maria',
        '/commitment indicator C1 sdg:16.3.3 baseline:30 baseline_date:2024-01-15 target:50 target_date:2027-12-31',
      );
      expect(again.reply.lines).toEqual([
        'C1 already has this indicator, as I1. Record values with /commitment measure C1 indicator:I1.',
      ]);
    },
  );

  it.skipIf(!available(provider))(
    'refuses impossible indicators, saying what to fix, writing nothing',
    async () => {
      const before = await h.db.indicator.count();
      const audit = await h.db.auditEntry.count();
      const bad = await h.run(
        'maria',
        '/commitment indicator C1 baseline:10 baseline_date:2026-12-01 target:5 target_date:2026-11-30 direction:up',
      );
      expect(bad.ok).toBe(false);
      expect(bad.fieldErrors).toEqual({
        name: 'required, unless sdg: names an SDG indicator',
        unit: 'required, unless sdg: names an SDG indicator',
        baseline_date: 'cannot be after today (2026-11-27)',
        target_date: 'must come after the baseline date (2026-12-01)',
        target:
          'is below the baseline (10) although higher is better: check the value, or use direction:down',
      });
      const typed = await h.run(
        'maria',
        '/commitment indicator C1 sdg:16.3.1 baseline:ten baseline_date:2026-02-30 target:50 target_date:2027-12-31',
      );
      expect(typed.fieldErrors).toEqual({
        baseline: 'must be a number, such as 42 or 12.5',
        baseline_date: 'write the date as 2027-03-31',
      });
      const far = await h.run(
        'maria',
        '/commitment indicator C1 sdg:16.3.1 baseline:10 baseline_date:2020-01-01 target:50 target_date:2070-12-31',
      );
      expect(far.fieldErrors).toEqual({ target_date: 'is more than 30 years ahead; pick a nearer date' });
      expect(await h.db.indicator.count()).toBe(before);
      expect(await h.db.auditEntry.count()).toBe(audit);
    },
  );

  it.skipIf(!available(provider))(
    'lets only the commitment’s organisation or the secretariat define and measure',
    async () => {
      const other = await h.run(
        'ana',
        '/commitment measure C1 indicator:I1 value:40 date:2025-06-30 source:https://dejusticia.example.org/x',
      );
      expect(other.reply.lines).toEqual([
        'Only people of the organisation that logged C1, or the secretariat, can update it.',
      ]);
      const observer = await h.run(
        'obs',
        '/commitment indicator C1 sdg:16.3.1 baseline:10 baseline_date:2024-01-01 target:20 target_date:2027-12-31',
      );
      expect(observer.reply.lines?.[0]).toContain('only members can do this');
      const secretariat = await h.run(
        'sec',
        '/commitment measure C1 indicator:I2 value:110 date:2025-03-01 source:https://rama.example.gov.co/2025',
      );
      expect(secretariat.ok).toBe(true);
      expect(await h.db.measurement.count()).toBe(1);
    },
  );

  it.skipIf(!available(provider))(
    'records values with their source, corrects a day’s value, refuses values before the baseline or of another commitment',
    async () => {
      const first = await h.run(
        'maria',
        '/commitment measure C1 indicator:I1 value:38 date:2025-06-30 source:https://dane.example.gov.co/enj-2025',
      );
      expect(first.reply.lines?.slice(0, 3)).toEqual([
        'I1: 38% on Jun 30, 2025, recorded.',
        [
          'I1 · SDG 16.3.3 · People with a dispute who accessed a resolution mechanism (%): 38% on Jun 30, 2025',
          ' ',
          { url: 'https://dane.example.gov.co/enj-2025', label: 'source' },
        ],
        '   ▰▰▱▱▱▱▱▱▱▱ 21% of the way to the target · baseline 32% (Jan 15, 2024) → target 60% by Dec 31, 2027',
      ]);
      await h.run(
        'juan',
        '/commitment measure C1 indicator:I1 value:40 date:2026-10-31 source:https://dane.example.gov.co/enj-2026 note:"Second survey wave."',
      );
      const corrected = await h.run(
        'juan',
        '/commitment measure C1 I1 46 2026-10-31 https://dane.example.gov.co/enj-2026-revised',
      );
      expect(corrected.reply.lines?.[0]).toBe('I1: the value for Oct 31, 2026 is now 46% (it was 40%).');
      const values = await h.db.measurement.findMany({
        where: { indicator: { number: 1 } },
        orderBy: { measuredOn: 'asc' },
      });
      expect(values.map((v) => [v.measuredOn.toISOString().slice(0, 10), v.value, v.sourceUrl])).toEqual([
        ['2025-06-30', 38, 'https://dane.example.gov.co/enj-2025'],
        ['2026-10-31', 46, 'https://dane.example.gov.co/enj-2026-revised'],
      ]);

      const count = await h.db.measurement.count();
      const early = await h.run(
        'maria',
        '/commitment measure C1 indicator:I1 value:30 date:2023-12-31 source:https://dane.example.gov.co/old',
      );
      expect(early.fieldErrors).toEqual({
        date: 'is before the indicator’s baseline (2024-01-15); measure from the baseline on',
      });
      const future = await h.run(
        'maria',
        '/commitment measure C1 indicator:I1 value:30 date:2026-11-28 source:https://dane.example.gov.co/soon',
      );
      expect(future.fieldErrors).toEqual({ date: 'cannot be after today (2026-11-27)' });
      await h.run('maria', LOG.replace('Colombia', 'Bogotá').replace('every municipality', 'Bogotá'));
      const wrong = await h.run(
        'maria',
        '/commitment measure C2 indicator:I1 value:30 date:2026-01-01 source:https://dane.example.gov.co/x',
      );
      expect(wrong.reply.lines).toEqual(['I1 measures C1, not C2: /commitment measure C1 indicator:I1 …']);
      const missing = await h.run(
        'maria',
        '/commitment measure C1 indicator:I9 value:1 date:2026-01-01 source:https://x.example.org',
      );
      expect(missing.reply.lines?.[0]).toBe(
        'There is no indicator I9 in this coalition. /commitment show C… lists a commitment’s indicators.',
      );
      expect(await h.db.measurement.count()).toBe(count);
    },
  );

  it.skipIf(!available(provider))(
    'shows each indicator’s progress from baseline toward target on the commitment card, in French too',
    async () => {
      const shown = await h.text('ana', '/commitment show C1');
      expect(shown).toContain('Indicators (progress from baseline toward target):');
      expect(shown).toContain(
        'I1 · SDG 16.3.3 · People with a dispute who accessed a resolution mechanism (%): 46% on Oct 31, 2026 source <https://dane.example.gov.co/enj-2026-revised>',
      );
      expect(shown).toContain(
        '▰▰▰▰▰▱▱▱▱▱ 50% of the way to the target · baseline 32% (Jan 15, 2024) → target 60% by Dec 31, 2027',
      );
      // Down is progress for I2: 120.5 → 110 of a way to 45.
      expect(shown).toContain('I2 · Days to first hearing: 110 days on Mar 1, 2025');
      expect(shown).toContain(
        '14% of the way to the target · baseline 120.5 days (Mar 1, 2024) → target 45 days by Jun 30, 2028',
      );
      await h.run('ana', '/member profile locale:fr');
      const french = await h.text('ana', '/commitment show C1');
      expect(french).toContain(
        'I1 · ODD 16.3.3 · Personnes ayant eu un différend qui ont accédé à un mécanisme de règlement (%) : 46\u00a0% le 31 oct. 2026',
      );
      expect(french).toContain(
        '50\u00a0% du chemin vers la cible · référence 32\u00a0% (15 janv. 2024) → cible 60\u00a0% d’ici le 31 déc. 2027',
      );
    },
  );

  it.skipIf(!available(provider))('mentions the week’s new measurements in the digest', async () => {
    const coalition = (await h.db.coalition.findFirstOrThrow()).id;
    const d = await h.services.digests.details(
      coalition,
      isoWeek(h.clock.now(), 'Europe/Paris'),
      'Europe/Paris',
    );
    expect(d.figures.measurements).toBe(3);
    expect(d.measurements.map((m) => [m.id, m.commitment, m.value, m.date])).toEqual([
      ['I2', 'C1', 110, '2025-03-01'],
      ['I1', 'C1', 38, '2025-06-30'],
      ['I1', 'C1', 46, '2026-10-31'],
    ]);
    const text = await h.text('sec', '/digest');
    expect(text).toContain('0 new indicator values'); // /digest shows last week by default
    const now = await h.text('sec', `/digest ${isoWeek(h.clock.now(), 'Europe/Paris').label}`);
    expect(now).toContain('3 new indicator values');
    expect(now).toContain(
      'I1 (C1) · SDG 16.3.3 · People with a dispute who accessed a resolution mechanism (%): 46% · 2026-10-31',
    );
  });

  it.skipIf(!available(provider))(
    'adds milestones, completes them once, and reminds the owners a week before and on the due day',
    async () => {
      const added = await h.run(
        'juan',
        '/commitment milestone C1 title:"Pilot in 20 municipalities" due:2026-12-04',
      );
      expect(added.ok).toBe(true);
      expect(added.reply.lines?.[0]).toBe(
        'Milestone 1 of C1 added, due Dec 4, 2026. Once reached: /commitment milestone-done C1 1',
      );
      await h.run('maria', '/commitment milestone C1 "National roll-out" 2027-06-30');
      const past = await h.run('maria', '/commitment milestone C1 "Plan drafted" 2010-06-30');
      expect(past.fieldErrors).toEqual({ due: 'must be 2011-01-01 or later' });
      const notMine = await h.run('ana', '/commitment milestone C1 "Our idea" 2027-01-01');
      expect(notMine.ok).toBe(false);
      const card = await h.text('ana', '/commitment show C1');
      expect(card).toContain('1. Pilot in 20 municipalities — pour le 4 déc. 2026');

      const ctx = h.jobs(quiet);
      // 27 November: the first milestone is due in 7 days: its 'soon' reminder, to maria who logged C1.
      expect(await planMilestoneReminders(ctx)).toBe(1);
      expect(await planMilestoneReminders(ctx)).toBe(0);
      await ctx.courier.deliver();
      const soon = platform.sent.filter((s) => s.message.reply.title?.includes('milestone'));
      expect(soon.map((s) => [s.to.userId, s.message.reply.title])).toEqual([
        ['maria', 'A milestone of C1 is due in a week'],
      ]);
      expect(soon[0]!.message.reply.lines).toEqual([
        'Milestone 1 of C1 (“Casas de justicia in every municipality”): Pilot in 20 municipalities, due Dec 4, 2026.',
      ]);
      expect(soon[0]!.message.reply.buttons).toEqual([
        {
          label: 'Mark done',
          command: 'commitment',
          sub: 'milestone-done',
          input: { id: 'C1', milestone: '1' },
          style: 'primary',
        },
      ]);
      h.clock.advance(7 * DAY);
      expect(await planMilestoneReminders(ctx)).toBe(1);
      const keys = (await h.db.outboxMessage.findMany({ where: { kind: { startsWith: 'milestone.' } } })).map(
        (m) => m.kind,
      );
      expect(keys.sort()).toEqual(['milestone.due', 'milestone.soon']);

      const done = await h.run('maria', '/commitment milestone-done C1 1');
      expect(done.reply.lines?.[0]).toBe('Milestone 1 of C1 is done: Pilot in 20 municipalities.');
      expect(await h.text('ana', '/commitment show C1')).toContain(
        '1. Pilot in 20 municipalities — atteint le 4 déc. 2026',
      );
      const twice = await h.run('maria', '/commitment milestone-done C1 1');
      expect(twice.reply.lines).toEqual(['Milestone 1 of C1 was already done on 2026-12-04.']);
      const none = await h.run('maria', '/commitment milestone-done C1 7');
      expect(none.reply.lines).toEqual(['C1 has no milestone 7. /commitment show C1 lists them.']);
      h.clock.advance(DAY);
      expect(await planMilestoneReminders(ctx)).toBe(0);
      h.clock.current = new Date('2026-11-27T12:00:00Z');
    },
  );
});
