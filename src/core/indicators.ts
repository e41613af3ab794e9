// Outcome indicators on the results model aid-transparency data uses (IATI): a unit, a direction,
// a baseline, a target and measured values, each with a source. The SDG 16.3 indicators ship as
// templates: `sdg:16.3.3` fills in the name, unit and direction; they take no I id of their own.
import { Ref } from './refs.ts';

export const DIRECTIONS = ['UP', 'DOWN'] as const;
export type DirectionName = (typeof DIRECTIONS)[number];

export const SDG_INDICATORS = ['16.3.1', '16.3.2', '16.3.3'] as const;
export type SdgIndicatorCode = (typeof SDG_INDICATORS)[number];

export interface SdgDefinition {
  code: SdgIndicatorCode;
  /** The UN's wording, in English: open data and the annual report are read in English. */
  name: string;
  unit: string;
  direction: DirectionName;
}

/**
 * The UN's definitions (SDG indicator metadata). More reporting of violence and more access to
 * dispute resolution are progress; fewer unsentenced detainees are. Each reader sees the name in
 * their language through the catalogue key `sdgIndicator.<code>`.
 */
export const SDG_DEFINITIONS: Record<SdgIndicatorCode, SdgDefinition> = {
  '16.3.1': {
    code: '16.3.1',
    name: 'Proportion of victims of violence in the previous 12 months who reported their victimization to competent authorities or other officially recognized conflict resolution mechanisms',
    unit: '%',
    direction: 'UP',
  },
  '16.3.2': {
    code: '16.3.2',
    name: 'Unsentenced detainees as a proportion of overall prison population',
    unit: '%',
    direction: 'DOWN',
  },
  '16.3.3': {
    code: '16.3.3',
    name: 'Proportion of the population who have experienced a dispute in the past two years and who accessed a formal or informal dispute resolution mechanism',
    unit: '%',
    direction: 'UP',
  },
};

/**
 * How far a value has come from the baseline toward the target, as a fraction: 0 at the baseline,
 * 1 at the target, negative when it moved the wrong way, above 1 past the target. Null when the
 * target equals the baseline (nothing to measure progress against).
 */
export function progressOf(i: { baselineValue: number; targetValue: number }, value: number): number | null {
  const span = i.targetValue - i.baselineValue;
  if (span === 0) return null;
  return (value - i.baselineValue) / span;
}

/** Whether a value meets the target, in the indicator's direction. */
export function reached(i: { targetValue: number; direction: DirectionName }, value: number): boolean {
  return i.direction === 'UP' ? value >= i.targetValue : value <= i.targetValue;
}

// Building an Intl formatter costs far more than using one: one per locale, kept.
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number as people read it in `locale`: no float noise (0.1 + 0.2), at most 3 decimals. */
export function formatValue(value: number, locale: string): string {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 })));
  return f.format(value);
}

/** A value with its unit: `41 %`, `41 %` in French, `1,200 people`. */
export function withUnit(value: number, unit: string, locale: string): string {
  const n = formatValue(value, locale);
  return unit === '%' ? (locale === 'en' ? `${n}%` : `${n}\u00a0%`) : `${n} ${unit}`;
}

/** A calendar date stored as 00:00 UTC, as `YYYY-MM-DD`. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** How a value of an indicator is recorded: commands are typed as they are, in every language. */
export const measureCommand = (commitment: number, indicator: number): string =>
  `/commitment measure ${Ref.commitment(commitment)} indicator:${Ref.indicator(indicator)}`;
