// Short record ids people type and read: L12 (learning), C7 (commitment), M3 (meeting), S2
// (series), J4 (join request), A4 (action item), I2 (indicator). Built and read here only.

export const REF_PREFIXES = {
  learning: 'L',
  commitment: 'C',
  meeting: 'M',
  series: 'S',
  join: 'J',
  action: 'A',
  indicator: 'I',
} as const;

export type RefKind = keyof typeof REF_PREFIXES;
export type RefPrefix = (typeof REF_PREFIXES)[RefKind];
export type RecordRef<P extends RefPrefix = RefPrefix> = `${P}${number}`;

const make =
  <K extends RefKind>(kind: K) =>
  (n: number): RecordRef<(typeof REF_PREFIXES)[K]> =>
    `${REF_PREFIXES[kind]}${n}`;

/** `Ref.meeting(3)` → `M3`. */
export const Ref = {
  learning: make('learning'),
  commitment: make('commitment'),
  meeting: make('meeting'),
  series: make('series'),
  join: make('join'),
  action: make('action'),
  indicator: make('indicator'),
} as const;

/** Reads `m3`, `M3` or `3` (when the prefix is implied) as the number 3; null otherwise. */
export function parseRef(prefix: RefPrefix, text: string): number | null {
  const m = new RegExp(`^${prefix}?(\\d{1,9})$`, 'i').exec(text.trim());
  return m ? Number(m[1]) : null;
}
