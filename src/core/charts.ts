// Bar charts drawn as SVG and rendered to PNG on the server by resvg (a prebuilt binary from npm,
// nothing downloaded at install). A white card with mid-tone bars reads the same in light and dark
// chat themes.
import { Resvg } from '@resvg/resvg-js';

export interface ChartPanel {
  title: string;
  entries: [label: string, value: number][];
}

const PALETTE = ['#1d5b8f', '#2e8b57', '#c0762b', '#7b4fa0', '#b23a48', '#3d8c9e', '#8a6d3b', '#556270'];
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function chartSvg(heading: string, panels: ChartPanel[]): string {
  const width = 900;
  const rowH = 26;
  const labelW = 280;
  let y = 60;
  const parts: string[] = [];
  for (const panel of panels) {
    parts.push(
      `<text x="24" y="${y}" font-size="18" font-weight="bold" fill="#1a1a1a">${esc(panel.title)}</text>`,
    );
    y += 14;
    const max = Math.max(1, ...panel.entries.map(([, v]) => v));
    panel.entries.forEach(([label, value], i) => {
      const barW = Math.round(((width - labelW - 90) * value) / max);
      const top = y + i * rowH;
      parts.push(
        `<text x="${labelW + 14}" y="${top + 17}" font-size="14" text-anchor="end" fill="#333">${esc(label.length > 34 ? `${label.slice(0, 33)}…` : label)}</text>`,
      );
      parts.push(
        `<rect x="${labelW + 24}" y="${top + 4}" width="${Math.max(barW, value > 0 ? 2 : 0)}" height="${rowH - 8}" rx="3" fill="${PALETTE[i % PALETTE.length]}"/>`,
      );
      parts.push(
        `<text x="${labelW + 30 + barW}" y="${top + 17}" font-size="14" fill="#1a1a1a">${value}</text>`,
      );
    });
    y += panel.entries.length * rowH + 36;
  }
  const height = y;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">
<rect width="${width}" height="${height}" rx="12" fill="#ffffff"/>
<text x="24" y="34" font-size="22" font-weight="bold" fill="#0f2f4d">${esc(heading)}</text>
${parts.join('\n')}
</svg>`;
}

export function chartPng(heading: string, panels: ChartPanel[]): Buffer {
  return new Resvg(chartSvg(heading, panels), {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'width', value: 900 },
  })
    .render()
    .asPng();
}
