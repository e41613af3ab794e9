// Outcome indicators of commitments and their measured values (see src/core/indicators.ts).
import { ValidationError, UserError, type FieldProblem } from '../core/errors.ts';
import {
  measureCommand,
  SDG_DEFINITIONS,
  type DirectionName,
  type SdgIndicatorCode,
  SDG_INDICATORS,
} from '../core/indicators.ts';
import { Ref } from '../core/refs.ts';
import { measuredDay, targetDay } from '../core/rules.ts';
import type { ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import { commitmentService } from './commitment.service.ts';
import { nextNumber } from './sequence.ts';
import type { Actor } from './types.ts';

export interface MeasurementView {
  value: number;
  measuredOn: Date;
  sourceUrl: string;
  note: string | null;
}

export interface IndicatorView {
  number: number;
  commitmentNumber: number;
  /** Null: the SDG definition's name, in the reader's language. */
  name: string | null;
  sdg: SdgIndicatorCode | null;
  unit: string;
  direction: DirectionName;
  baselineValue: number;
  baselineDate: Date;
  baselineSource: string | null;
  targetValue: number;
  targetDate: Date;
  /** Oldest first. */
  measurements: MeasurementView[];
}

export interface IndicatorInput {
  id: number;
  name?: string;
  unit?: string;
  direction?: DirectionName;
  baseline: number;
  baseline_date: Date;
  target: number;
  target_date: Date;
  sdg?: SdgIndicatorCode;
  source?: string;
}

export interface MeasureInput {
  id: number;
  indicator: number;
  value: number;
  date: Date;
  source: string;
  note?: string;
}

const include = {
  commitment: { select: { number: true } },
  measurements: { orderBy: { measuredOn: 'asc' as const } },
};

type Row = {
  number: number;
  name: string | null;
  sdg: string | null;
  unit: string;
  direction: string;
  baselineValue: number;
  baselineDate: Date;
  baselineSource: string | null;
  targetValue: number;
  targetDate: Date;
  commitment: { number: number };
  measurements: { value: number; measuredOn: Date; sourceUrl: string; note: string | null }[];
};

const asSdg = (s: string | null): SdgIndicatorCode | null =>
  (SDG_INDICATORS as readonly string[]).includes(s ?? '') ? (s as SdgIndicatorCode) : null;

export const toIndicatorView = (r: Row): IndicatorView => ({
  number: r.number,
  commitmentNumber: r.commitment.number,
  name: r.name,
  sdg: asSdg(r.sdg),
  unit: r.unit,
  direction: r.direction as DirectionName,
  baselineValue: r.baselineValue,
  baselineDate: r.baselineDate,
  baselineSource: r.baselineSource,
  targetValue: r.targetValue,
  targetDate: r.targetDate,
  measurements: r.measurements.map((m) => ({
    value: m.value,
    measuredOn: m.measuredOn,
    sourceUrl: m.sourceUrl,
    note: m.note,
  })),
});

export function indicatorService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);
  const commitments = commitmentService(deps);

  async function get(coalitionId: number, number: number): Promise<IndicatorView> {
    const row = await db.indicator.findUnique({
      where: { coalitionId_number: { coalitionId, number } },
      include,
    });
    if (!row)
      throw new UserError('indicator.not_found', {
        id: Ref.indicator(number),
        command: '/commitment show C…',
      });
    return toIndicatorView(row);
  }

  return {
    get,

    /** A commitment's indicators, oldest first, each with its values. */
    async forCommitment(coalitionId: number, commitmentNumber: number): Promise<IndicatorView[]> {
      const rows = await db.indicator.findMany({
        where: { coalitionId, commitment: { number: commitmentNumber } },
        include,
        orderBy: { number: 'asc' },
      });
      return rows.map(toIndicatorView);
    },

    /**
     * Defines an indicator for a commitment its organisation (or the secretariat) speaks for.
     * With `sdg`, the SDG definition supplies the name, unit and direction unless given.
     */
    async define(actor: Actor, input: IndicatorInput): Promise<IndicatorView> {
      const commitment = await commitments.forOwner(actor, input.id);
      const template = input.sdg ? SDG_DEFINITIONS[input.sdg] : undefined;
      const unit = input.unit ?? template?.unit;
      const direction = input.direction ?? template?.direction;
      const problems: FieldProblem[] = [];
      const need = (field: string, value: unknown) => {
        if (value === undefined) problems.push({ field, key: 'indicator.needs', params: {} });
      };
      need('name', input.name ?? template);
      need('unit', unit);
      need('direction', direction);
      const now = clock.now();
      const zone = actor.coalition.timezone;
      const baseline = measuredDay('baseline_date', input.baseline_date, { now, zone });
      if (!baseline.ok) problems.push(baseline.problem);
      const target = targetDay('target_date', input.target_date, {
        now,
        zone,
        baseline: input.baseline_date,
      });
      if (!target.ok) problems.push(target.problem);
      if (input.target === input.baseline)
        problems.push({ field: 'target', key: 'indicator.target_is_baseline', params: {} });
      else if (direction && (direction === 'UP') !== input.target > input.baseline)
        // A target below the baseline of a "higher is better" indicator is a typo, one way or the other.
        problems.push({
          field: 'target',
          key: direction === 'UP' ? 'indicator.target_below' : 'indicator.target_above',
          params: { baseline: input.baseline },
        });
      if (problems.length > 0) throw new ValidationError(problems);

      const existing = await db.indicator.findFirst({
        where: {
          commitmentId: commitment.id,
          ...(input.name ? { name: input.name } : { sdg: input.sdg!, name: null }),
        },
        select: { number: true },
      });
      if (existing)
        throw new UserError('indicator.duplicate', {
          id: Ref.indicator(existing.number),
          commitment: Ref.commitment(commitment.number),
          command: measureCommand(commitment.number, existing.number),
        });
      const number = await nextNumber(db, actor.coalition.id, 'indicatorSeq');
      const row = await db.indicator.create({
        data: {
          coalitionId: actor.coalition.id,
          number,
          commitmentId: commitment.id,
          name: input.name ?? null,
          sdg: input.sdg ?? null,
          unit: unit!,
          direction: direction!,
          baselineValue: input.baseline,
          baselineDate: input.baseline_date,
          baselineSource: input.source ?? null,
          targetValue: input.target,
          targetDate: input.target_date,
          createdById: actor.personId,
          createdAt: now,
        },
        include,
      });
      await audit.record(actor.coalition.id, actor.personId, 'indicator.define', Ref.indicator(number), {
        commitment: Ref.commitment(commitment.number),
      });
      return toIndicatorView(row);
    },

    /**
     * Records a measured value with its source; a second value for the same day corrects the
     * first (one value per day, as in a results period).
     */
    async measure(
      actor: Actor,
      input: MeasureInput,
    ): Promise<{ indicator: IndicatorView; corrected: number | null }> {
      const coalitionId = actor.coalition.id;
      const found = await db.indicator.findUnique({
        where: { coalitionId_number: { coalitionId, number: input.indicator } },
        include: { commitment: { select: { number: true } } },
      });
      if (!found)
        throw new UserError('indicator.not_found', {
          id: Ref.indicator(input.indicator),
          command: '/commitment show C…',
        });
      if (found.commitment.number !== input.id)
        throw new UserError('indicator.other_commitment', {
          id: Ref.indicator(input.indicator),
          commitment: Ref.commitment(found.commitment.number),
          given: Ref.commitment(input.id),
          command: `${measureCommand(found.commitment.number, input.indicator)} …`,
        });
      await commitments.forOwner(actor, input.id);
      const now = clock.now();
      const day = measuredDay('date', input.date, {
        now,
        zone: actor.coalition.timezone,
        baseline: found.baselineDate,
      });
      if (!day.ok) throw new ValidationError([day.problem]);
      const before = await db.measurement.findUnique({
        where: { indicatorId_measuredOn: { indicatorId: found.id, measuredOn: input.date } },
        select: { value: true },
      });
      const data = {
        value: input.value,
        sourceUrl: input.source,
        note: input.note ?? null,
        authorId: actor.personId,
      };
      await db.measurement.upsert({
        where: { indicatorId_measuredOn: { indicatorId: found.id, measuredOn: input.date } },
        create: { indicatorId: found.id, measuredOn: input.date, createdAt: now, ...data },
        update: data,
      });
      await audit.record(coalitionId, actor.personId, 'indicator.measure', Ref.indicator(input.indicator), {
        date: input.date.toISOString().slice(0, 10),
        corrected: before !== null,
      });
      return { indicator: await get(coalitionId, input.indicator), corrected: before?.value ?? null };
    },
  };
}
