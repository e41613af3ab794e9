// The public page of a publishing coalition (GET /c/{coalition}): plain HTML rendered on the
// server, readable without JavaScript, charts as inline SVG, in English, French or Spanish. One
// <style> element whose hash the Content-Security-Policy names: nothing else may run or load.
import { createHash } from 'node:crypto';
import type { PublicPage } from '../services/open-data.service.ts';
import { translator, type Locale, type MessageKey, type Translate, LOCALES } from './i18n/index.ts';
import { esc, indicatorChartSvg } from './indicator-chart.ts';
import { progressOf, withUnit } from './indicators.ts';
import { licenseOf, RESOURCES } from './open-data.ts';
import { Ref } from './refs.ts';
import { formatDay, formatShare, indicatorName } from './views.ts';

export const PAGE_STYLE = [
  ':root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1f2937;background:#fff}',
  'body{margin:0 auto;max-width:62rem;padding:0 1rem 3rem}',
  'a{color:#1d4f91}a:focus-visible,summary:focus-visible{outline:3px solid #8a4b00;outline-offset:2px}',
  '.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}',
  'header{border-bottom:1px solid #d1d5db;margin-bottom:1.5rem}',
  'nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0}',
  'ul.plain{list-style:none;padding:0}',
  '.commitment{border:1px solid #d1d5db;border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem}',
  '.commitment h3{margin:0 0 .25rem;font-size:1.1rem}.commitment h4{margin:.75rem 0 0;font-size:1rem}',
  '.meta{color:#4b5563;margin:0}',
  '.completion{margin:.25rem 0}.steps{display:inline-flex;gap:2px;margin-right:.5rem;vertical-align:middle}',
  '.steps i{width:28px;height:10px;border:1px solid #9ca3af;border-radius:2px;background:#eef0f3}',
  '.s1 i:first-child,.s2 i:nth-child(-n+2),.s3 i{background:#1d5b8f}',
  'figure{margin:.75rem 0}.chart{max-width:100%;height:auto;display:block}',
  'table{border-collapse:collapse}td,th{padding:.15rem .6rem;text-align:left;border-bottom:1px solid #e5e7eb}',
  'td.num{text-align:right}',
  'footer{margin-top:2rem;border-top:1px solid #d1d5db;color:#4b5563;font-size:.9rem}',
].join('');

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');

/** Nothing runs, nothing loads from elsewhere, the page cannot be framed: only its own style. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${sha256(PAGE_STYLE)}'`,
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The page's language: `?lang=` when given, else the best of Accept-Language (by q-value, then
 * order) among the three Docket speaks, else the coalition's.
 */
export function pageLocale(
  lang: Locale | undefined,
  acceptLanguage: string | undefined,
  fallback: Locale,
): Locale {
  if (lang) return lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { locale: tag.toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0 && (LOCALES as readonly string[]).includes(x.locale))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked[0]?.locale as Locale | undefined) ?? fallback;
}

const capital = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

export interface PageOptions {
  now: Date;
  /** When the data last changed (shown as "updated"). */
  updated: Date;
}

/** IRM completion as three steps (limited, substantial, complete); decorative: the text says it. */
const completionSteps = (completion: string) =>
  `<span class="steps s${({ LIMITED: 1, SUBSTANTIAL: 2, COMPLETE: 3 } as Record<string, number>)[completion] ?? 0}" aria-hidden="true"><i></i><i></i><i></i></span>`;

function indicatorFigure(t: Translate, i: PublicPage['commitments'][number]['indicators'][number]): string {
  const id = Ref.indicator(i.number);
  const name = indicatorName(t, i);
  const v = (n: number) => withUnit(n, i.unit, t.locale);
  const latest = i.measurements.at(-1);
  const progress = latest ? progressOf(i, latest.value) : null;
  const description = t('page.chart_desc', {
    baseline: v(i.baselineValue),
    baselineDate: formatDay(t, i.baselineDate),
    target: v(i.targetValue),
    targetDate: formatDay(t, i.targetDate),
    count: i.measurements.length,
    latest: latest ? v(latest.value) : '',
    latestDate: latest ? formatDay(t, latest.measuredOn) : '',
  });
  const caption = [
    `<strong>${esc(id)} · ${esc(name)}</strong>`,
    esc(description),
    progress === null ? '' : esc(t('page.progress', { share: formatShare(t, progress) })),
  ]
    .filter(Boolean)
    .join(' ');
  const svg = indicatorChartSvg({
    id: `chart-${id}`,
    title: `${id} · ${name}`,
    describedBy: `${id}-caption`,
    baseline: { value: i.baselineValue, date: i.baselineDate },
    target: { value: i.targetValue, date: i.targetDate },
    values: i.measurements.map((m) => ({ value: m.value, date: m.measuredOn })),
    format: v,
    formatYear: (d) => String(d.getUTCFullYear()),
    labels: { baseline: t('page.baseline'), target: t('page.target') },
  });
  const row = (label: string, value: number, url: string | null) =>
    `<tr><td>${esc(label)}</td><td class="num">${esc(v(value))}</td><td>${url ? `<a href="${esc(url)}" rel="nofollow">${esc(t('field.source'))}</a>` : ''}</td></tr>`;
  const rows = [
    row(`${formatDay(t, i.baselineDate)} (${t('page.baseline')})`, i.baselineValue, i.baselineSource),
    ...i.measurements.map((m) => row(formatDay(t, m.measuredOn), m.value, m.sourceUrl)),
    row(`${formatDay(t, i.targetDate)} (${t('page.target')})`, i.targetValue, null),
  ].join('');
  return (
    `<figure id="${esc(id)}"><figcaption id="${esc(id)}-caption">${caption}</figcaption>${svg}` +
    `<details><summary>${esc(t('page.values'))}</summary><table><thead><tr><th scope="col">${esc(t('page.col_date'))}</th><th scope="col">${esc(t('page.col_value'))}</th><th scope="col">${esc(t('field.source'))}</th></tr></thead><tbody>${rows}</tbody></table></details></figure>`
  );
}

function commitmentItem(t: Translate, c: PublicPage['commitments'][number]): string {
  const id = Ref.commitment(c.number);
  const meta = [c.member, c.planPeriod, c.ogpId, c.organization].filter(Boolean).join(' · ');
  const indicators = c.indicators.length
    ? `<h4>${esc(t('page.indicators'))}</h4>${c.indicators.map((i) => indicatorFigure(t, i)).join('')}`
    : '';
  return (
    `<li class="commitment" id="${id}"><h3>${esc(id)} · ${esc(c.title)}</h3><p class="meta">${esc(meta)}</p>` +
    `<p class="completion">${completionSteps(c.completion)}${esc(t('page.completion', { level: t(`completion.${c.completion}` as MessageKey) }))}</p>` +
    `${indicators}</li>`
  );
}

/** The whole page, for one coalition in one language. */
export function renderPublicPage(page: PublicPage, locale: Locale, o: PageOptions): string {
  const t = translator(locale);
  const c = page.coalition;
  const when = (d: Date) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: c.timezone }).format(
      d,
    );
  const languages = LOCALES.map((l) => {
    const name = capital(translator(l)(`language.${l}` as MessageKey));
    return l === locale
      ? `<li><a href="?lang=${l}" lang="${l}" hreflang="${l}" aria-current="page">${esc(name)}</a></li>`
      : `<li><a href="?lang=${l}" lang="${l}" hreflang="${l}">${esc(name)}</a></li>`;
  }).join('');
  const done = page.commitments.filter((x) => x.completion === 'SUBSTANTIAL' || x.completion === 'COMPLETE');
  const commitments = page.commitments.length
    ? `<p>${esc(t('page.commitments_summary', { count: page.commitments.length, done: done.length }))}</p><ul class="plain">${page.commitments.map((x) => commitmentItem(t, x)).join('')}</ul>`
    : `<p>${esc(t('page.no_commitments'))}</p>`;
  const themes = page.learnings.byTheme
    .map(
      (g) =>
        `<h3>${esc(t('page.theme_count', { theme: t(`theme.${g.theme}` as MessageKey), count: g.count }))}</h3><ul>${g.latest
          .map(
            (l) =>
              `<li>${esc(Ref.learning(l.number))} · ${l.url ? `<a href="${esc(l.url)}" rel="nofollow">${esc(l.title)}</a>` : esc(l.title)}</li>`,
          )
          .join('')}</ul>`,
    )
    .join('');
  const learnings = page.learnings.total
    ? `<p>${esc(t('page.learnings_summary', { count: page.learnings.total }))}</p>${themes}`
    : `<p>${esc(t('page.no_learnings'))}</p>`;
  const meetings = page.meetings.length
    ? `<ul>${page.meetings
        .map(
          (m) =>
            `<li><strong>${esc(Ref.meeting(m.number))} · ${esc(m.title)}</strong> — <time datetime="${m.startsAt.toISOString()}">${esc(when(m.startsAt))}</time> (${esc(c.timezone)}) · ${esc(t(`kind.${m.kind}` as MessageKey))}${m.location ? ` · ${esc(m.location)}` : ''}</li>`,
        )
        .join('')}</ul>`
    : `<p>${esc(t('page.no_meetings'))}</p>`;
  const data = `/open/${encodeURIComponent(c.slug)}`;
  const resources = RESOURCES.map(
    (r) =>
      `<li>${esc(t('page.formats', { resource: t(`page.resource.${r}` as MessageKey) }))} <a href="${data}/${r}.csv">CSV</a>, <a href="${data}/${r}.json">JSON</a></li>`,
  ).join('');
  const title = t('page.title', { coalition: c.name });
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title>` +
    LOCALES.map((l) => `<link rel="alternate" hreflang="${l}" href="?lang=${l}">`).join('') +
    `<link rel="alternate" type="application/json" href="${data}/datapackage.json">` +
    `<style>${PAGE_STYLE}</style></head><body>` +
    `<a class="skip" href="#main">${esc(t('page.skip'))}</a>` +
    `<header><h1>${esc(title)}</h1><p>${esc(t('page.intro', { coalition: c.name, date: formatDayIn(locale, o.updated, c.timezone) }))}</p>` +
    `<nav aria-label="${esc(t('page.language'))}"><ul>${languages}</ul></nav></header>` +
    `<main id="main">` +
    `<section aria-labelledby="commitments"><h2 id="commitments">${esc(t('page.commitments'))}</h2>${commitments}</section>` +
    `<section aria-labelledby="learnings"><h2 id="learnings">${esc(t('page.learnings'))}</h2>${learnings}</section>` +
    `<section aria-labelledby="meetings"><h2 id="meetings">${esc(t('page.meetings'))}</h2>${meetings}` +
    `<p><a href="/calendar/${encodeURIComponent(c.slug)}.ics">${esc(t('page.calendar'))}</a></p></section>` +
    `<section aria-labelledby="data"><h2 id="data">${esc(t('page.data'))}</h2>` +
    `<p>${esc(t('page.data_intro'))}</p>` +
    `<p><a href="${data}/datapackage.json" id="datapackage">${esc(t('page.datapackage'))}</a> · ${esc(t('page.license'))} <a href="${esc(licenseOf(c.license).path)}" rel="license">${esc(c.license)}</a></p>` +
    `<ul>${resources}</ul></section></main>` +
    `<footer><p>${esc(t('page.footer'))}</p></footer></body></html>`
  );
}

const formatDayIn = (locale: Locale, at: Date, zone: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone }).format(at);
