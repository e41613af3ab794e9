// An indicator's chart as inline SVG for the public page: baseline, measured values and target over
// time. Presentation attributes only (no style attributes), so a strict style-src allows it; the
// name is its <title>; the figure's caption describes it (aria-describedby) and the values are in
// the page's table beside it, so nothing is said twice.
export interface ChartInput {
  /** Unique on the page: prefixes the id its title is referenced by. */
  id: string;
  title: string;
  /** The id of the element that describes the chart (the figure's caption). */
  describedBy: string;
  baseline: { value: number; date: Date };
  target: { value: number; date: Date };
  values: { value: number; date: Date }[];
  /** Labels of the axis values, formatted for the reader. */
  format: (value: number) => string;
  formatYear: (date: Date) => string;
  labels: { baseline: string; target: string };
}

export const esc = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const W = 360;
const H = 170;
const PAD = { left: 56, right: 16, top: 16, bottom: 30 };
const r1 = (n: number) => Math.round(n * 10) / 10;

// Colours meet 4.5:1 on white for text and 3:1 for the marks.
const INK = '#1f2937';
const LINE = '#1d5b8f';
const TARGET = '#8a4b00';
const GRID = '#d1d5db';

export function indicatorChartSvg(c: ChartInput): string {
  const points = [{ value: c.baseline.value, date: c.baseline.date }, ...c.values];
  const all = [...points.map((p) => p.value), c.target.value];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    hi += 1;
    lo -= 1;
  }
  const pad = (hi - lo) * 0.1;
  lo -= pad;
  hi += pad;
  const t0 = c.baseline.date.getTime();
  const t1 = Math.max(c.target.date.getTime(), ...c.values.map((v) => v.date.getTime()), t0 + 86_400_000);
  const x = (d: Date) => r1(PAD.left + ((d.getTime() - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (v: number) => r1(PAD.top + ((hi - v) / (hi - lo)) * (H - PAD.top - PAD.bottom));
  const baseY = H - PAD.bottom;
  const parts: string[] = [];
  // Axes and the two value labels (the baseline's and the target's).
  parts.push(
    `<line x1="${PAD.left}" y1="${baseY}" x2="${W - PAD.right}" y2="${baseY}" stroke="${GRID}"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${baseY}" stroke="${GRID}"/>`,
  );
  for (const [v, colour] of [
    [c.baseline.value, INK],
    [c.target.value, TARGET],
  ] as const)
    parts.push(
      `<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="${colour}">${esc(c.format(v))}</text>`,
    );
  parts.push(
    `<text x="${PAD.left}" y="${H - 10}" font-size="11" fill="${INK}">${esc(c.formatYear(c.baseline.date))}</text>`,
    `<text x="${W - PAD.right}" y="${H - 10}" text-anchor="end" font-size="11" fill="${INK}">${esc(c.formatYear(new Date(t1)))}</text>`,
  );
  // The target: a dashed level and its point on the target date.
  const ty = y(c.target.value);
  parts.push(
    `<line x1="${PAD.left}" y1="${ty}" x2="${W - PAD.right}" y2="${ty}" stroke="${TARGET}" stroke-dasharray="4 3"/>`,
    `<path d="M${x(c.target.date)} ${r1(ty - 6)}l6 6-6 6-6-6z" fill="${TARGET}"><title>${esc(c.labels.target)}</title></path>`,
  );
  // Baseline and measured values, joined in time order.
  const path = points.map((p) => `${x(p.date)},${y(p.value)}`).join(' ');
  parts.push(`<polyline points="${path}" fill="none" stroke="${LINE}" stroke-width="2"/>`);
  parts.push(
    `<circle cx="${x(c.baseline.date)}" cy="${y(c.baseline.value)}" r="4" fill="#fff" stroke="${LINE}" stroke-width="2"><title>${esc(c.labels.baseline)}</title></circle>`,
  );
  for (const v of c.values)
    parts.push(`<circle cx="${x(v.date)}" cy="${y(v.value)}" r="3.5" fill="${LINE}"/>`);
  const titleId = `${c.id}-title`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId}" aria-describedby="${esc(c.describedBy)}" class="chart">` +
    `<title id="${titleId}">${esc(c.title)}</title>` +
    parts.join('') +
    '</svg>'
  );
}
