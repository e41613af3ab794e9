// The annual report and the weekly digest as JSON (the source of truth), CSV (one table per
// section) and Markdown (reads well pasted into OGP's report), plus their chart.
import { MONTHS, type AnnualReport, type Registration, type Services } from '../services/index.ts';
import { EXTRA_QUESTIONS, type QuestionKey } from './questions.ts';
import { chartPng, type ChartPanel } from './charts.ts';
import { withUnit } from './indicators.ts';
import type { Translate } from './i18n/index.ts';
import { renderSpans, type Attachment, type Reply, type RichText } from './reply.ts';
import { formatInstant } from './time.ts';

export type ReportFormat = 'json' | 'csv' | 'md';

const csvCell = (v: string | number) => {
  const s = String(v);
  // Quote when needed; text with a leading = + - @ would run as a formula in spreadsheets (a
  // number such as -1.5 is a number: it stays one).
  const safe = typeof v === 'string' && /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const table = (name: string, header: string[], rows: (string | number)[][]) =>
  [`# ${name}`, header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n');
const entries = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => [k, v]);

export function reportCsv(r: AnnualReport): string {
  return (
    [
      table(
        'summary',
        ['section', 'figure', 'value'],
        [
          ['members', 'organisations', r.members.total],
          ['members', 'pending', r.members.pending],
          ['members', 'people', r.members.people],
          ['members', 'joins', r.members.joins],
          ['members', 'countries', r.members.countries.length],
          ['commitments', 'total', r.commitments.total],
          ['commitments', 'logged_this_year', r.commitments.loggedThisYear],
          ['commitments', 'updated', r.commitments.updated],
          ['commitments', 'updates', r.commitments.updates],
          ['commitments', 'people_centred', r.commitments.peopleCentred],
          ['commitments', 'sdg_16_3', r.commitments.sdg163],
          ['learnings', 'total', r.learnings.total],
          ['learnings', 'unverified', r.learnings.unverified],
          ['meetings', 'total', r.meetings.total],
          ['meetings', 'cancelled', r.meetings.cancelled],
          ['meetings', 'unverified_answers', r.meetings.unverified],
          ['meetings', 'from_series', r.meetings.fromSeries],
          ['meetings', 'with_minutes', r.meetings.withMinutes],
          ['attendance', 'total', r.meetings.attendance.total],
          ['attendance', 'members', r.meetings.attendance.members],
          ['attendance', 'observers', r.meetings.attendance.observers],
          ['attendance', 'meetings_recorded', r.meetings.attendance.meetingsRecorded],
          ['actions', 'opened', r.actions.opened],
          ['actions', 'done', r.actions.done],
          ['actions', 'overdue', r.actions.overdue],
          ['actions', 'open', r.actions.open],
          ['exchanges', 'total', r.exchanges.total],
          ['exchanges', 'threaded', r.exchanges.threaded],
          ['exchanges', 'active_organisations', r.exchanges.activeOrganizations],
        ],
      ),
      table('members_by_type', ['type', 'organisations'], entries(r.members.byType)),
      table('members_by_status', ['status', 'organisations'], entries(r.members.byStatus)),
      table(
        'countries',
        ['country'],
        r.members.countries.map((c) => [c]),
      ),
      table('commitments_by_completion', ['completion', 'commitments'], entries(r.commitments.byCompletion)),
      table('commitments_by_theme', ['theme', 'commitments'], entries(r.commitments.byTheme)),
      table('commitments_by_country', ['member', 'commitments'], entries(r.commitments.byCountry)),
      table('learnings_by_theme', ['theme', 'learnings'], entries(r.learnings.byTheme)),
      table('learnings_by_country', ['country', 'learnings'], entries(r.learnings.byCountry)),
      table('learnings_by_org_type', ['type', 'learnings'], entries(r.learnings.byOrgType)),
      table(
        'learnings_most_useful',
        ['id', 'title', 'useful'],
        r.learnings.mostUseful.map((l) => [l.id, l.title, l.useful]),
      ),
      table('meetings_by_kind', ['kind', 'meetings'], entries(r.meetings.byKind)),
      table(
        'meeting_answers',
        ['answer', 'members', 'observers'],
        (['YES', 'MAYBE', 'NO'] as const).map((a) => [a, r.meetings.rsvps[a], r.meetings.observers[a]]),
      ),
      table('attendance_by_org_type', ['type', 'attendees'], entries(r.meetings.attendance.byOrgType)),
      table('attendance_by_country', ['country', 'attendees'], entries(r.meetings.attendance.byCountry)),
      table(
        'exchanges_by_month',
        ['month', 'messages'],
        MONTHS.map((m) => [`${r.year}-${m}`, r.exchanges.byMonth[m]]),
      ),
      table('exchanges_by_org_type', ['type', 'messages'], entries(r.exchanges.byOrgType)),
      ...evidenceTables(r),
    ].join('\n\n') + '\n'
  );
}

const mdTable = (head: [string, string], rows: [string, number][]) =>
  [
    `| ${head[0]} | ${head[1]} |`,
    '| --- | ---: |',
    ...rows.map(([k, v]) => `| ${k.replace(/\|/g, '\\|')} | ${v} |`),
  ].join('\n');

/** A month of the report's year by name, in the reader's language ("March 2026"). */
const monthName = (year: number, month: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, Number(month) - 1, 1)),
  );

/** An enum value's label in the reader's language (`UNKNOWN`: no organisation on record). */
const labelOf = (t: Translate, group: string, value: string) =>
  value === 'UNKNOWN' ? t('report.md.unknown_type') : t(`${group}.${value}` as never);

/**
 * The report as Markdown in the reader's language (the secretariat pastes it into OGP's report in
 * English; a French or Spanish reader gets it in theirs). Tables iterate fixed lists, so months run
 * January to December.
 */
export function reportMarkdown(r: AnnualReport, t: Translate): string {
  const pct = (n: number, d: number) => (d ? `${Math.round((100 * n) / d)}%` : '—');
  const done = r.commitments.byCompletion.SUBSTANTIAL + r.commitments.byCompletion.COMPLETE;
  const rows = (o: Record<string, number>, group: string): [string, number][] =>
    Object.entries(o).map(([k, v]) => [labelOf(t, group, k), v]);
  const h = (key: string) => `## ${t(`report.md.h.${key}` as never)}`;
  const col = (key: string) => t(`report.md.col.${key}` as never);
  return [
    `# ${t('report.md.title', { coalition: r.coalition.name, year: r.year })}`,
    '',
    t('report.md.members', {
      year: r.year,
      total: r.members.total,
      observers: r.members.byStatus.OBSERVER,
      pending: r.members.pending ?? 0,
      countries: r.members.countries.length,
      people: r.members.people,
      joins: r.members.joins,
    }),
    '',
    t('report.md.commitments', {
      total: r.commitments.total,
      logged: r.commitments.loggedThisYear,
      updated: r.commitments.updated,
      updates: r.commitments.updates,
      done,
      pct: pct(done, r.commitments.total),
      peopleCentred: r.commitments.peopleCentred,
      sdg: r.commitments.sdg163,
    }),
    '',
    t('report.md.activity', {
      learnings: r.learnings.total,
      meetings: r.meetings.total,
      yes: r.meetings.rsvps.YES,
      observers: r.meetings.observers.YES,
      messages: r.exchanges.total,
      active: r.exchanges.activeOrganizations,
    }),
    '',
    t('report.md.outcomes', {
      recorded: r.meetings.attendance.meetingsRecorded,
      members: r.meetings.attendance.members,
      observers: r.meetings.attendance.observers,
      opened: r.actions.opened,
      done: r.actions.done,
      overdue: r.actions.overdue,
      open: r.actions.open,
    }),
    '',
    h('members_by_type'),
    mdTable([col('type'), col('organisations')], rows(r.members.byType, 'orgType')),
    '',
    h('completion'),
    mdTable([col('completion'), col('commitments')], rows(r.commitments.byCompletion, 'completion')),
    '',
    h('commitment_themes'),
    mdTable([col('theme'), col('commitments')], rows(r.commitments.byTheme, 'theme')),
    '',
    h('learning_themes'),
    mdTable([col('theme'), col('learnings')], rows(r.learnings.byTheme, 'theme')),
    ...(r.learnings.mostUseful.length
      ? ['', h('most_useful'), ...r.learnings.mostUseful.map((l) => `- ${l.id} ${l.title} (${l.useful})`)]
      : []),
    '',
    h('attendance'),
    mdTable([col('type'), col('attendees')], rows(r.meetings.attendance.byOrgType, 'orgType')),
    '',
    h('exchanges'),
    mdTable(
      [col('month'), col('messages')],
      MONTHS.map((m) => [monthName(r.year, m, t.locale), r.exchanges.byMonth[m]]),
    ),
    ...evidenceMarkdown(r, t),
    '',
    t('report.md.footer', { date: r.generatedAt.slice(0, 10), version: r.schemaVersion }),
    '',
  ].join('\n');
}

export function reportChart(r: AnnualReport, t: Translate): Attachment {
  const panels: ChartPanel[] = [
    {
      title: t('chart.completion'),
      entries: Object.entries(r.commitments.byCompletion).map(([k, v]) => [t(`completion.${k}` as never), v]),
    },
    {
      title: t('chart.learning_themes'),
      entries: Object.entries(r.learnings.byTheme).map(([k, v]) => [t(`theme.${k}` as never), v]),
    },
    {
      title: t('chart.exchanges'),
      entries: MONTHS.map((m) => [monthName(r.year, m, t.locale), r.exchanges.byMonth[m]]),
    },
  ];
  return {
    filename: `docket-report-${r.year}.png`,
    contentType: 'image/png',
    encoding: 'base64',
    content: chartPng(`${r.coalition.name} · ${r.year}`, panels).toString('base64'),
  };
}

/**
 * The report as JSON with `byMonth` in calendar order: "10"–"12" look like array indices, so a
 * plain JSON.stringify would put them before "01". The months are written by hand, in order.
 */
export function reportJson(r: AnnualReport): string {
  const MARK = '"__byMonth__"';
  const text = JSON.stringify({ ...r, exchanges: { ...r.exchanges, byMonth: '__byMonth__' } }, null, 2);
  const at = text.indexOf(MARK);
  const indent = text.slice(text.lastIndexOf('\n', at) + 1).match(/^ */)![0];
  const months = MONTHS.map((m) => `${indent}  "${m}": ${r.exchanges.byMonth[m]}`).join(',\n');
  return `${text.slice(0, at)}{\n${months}\n${indent}}${text.slice(at + MARK.length)}\n`;
}

export function reportFile(r: AnnualReport, format: ReportFormat, t: Translate): Attachment {
  if (format === 'csv')
    return { filename: `docket-report-${r.year}.csv`, contentType: 'text/csv', content: reportCsv(r) };
  if (format === 'md')
    return {
      filename: `docket-report-${r.year}.md`,
      contentType: 'text/markdown',
      content: reportMarkdown(r, t),
    };
  return {
    filename: `docket-report-${r.year}.json`,
    contentType: 'application/json',
    content: reportJson(r),
  };
}

export type Digest = Awaited<ReturnType<Services['digests']['details']>>;

export function digestLines(d: Digest, t: Translate): RichText[] {
  const f = d.figures;
  const lines: RichText[] = [
    t('digest.learnings', { count: f.learnings }),
    ...d.learnings.map((l) => `   ${l.id} · ${l.title}`),
    t('digest.updates', { count: f.updates }),
    ...d.updates.map(
      (u) =>
        `   ${u.id} · ${u.title}: ${u.from && u.from !== u.to ? `${t(`completion.${u.from}` as never)} → ` : ''}${t(`completion.${u.to}` as never)}`,
    ),
    t('digest.measurements', { count: f.measurements }),
    ...d.measurements.map(
      (m) =>
        `   ${m.id} (${m.commitment}) · ${m.name ?? t(`sdgIndicator.${m.sdg}` as never)}: ${withUnit(m.value, m.unit, t.locale)} · ${m.date}`,
    ),
    t('digest.members', { count: f.members }),
    ...d.members.map((m) => `   ${m.name}${m.organization ? ` — ${m.organization}` : ''}`),
    t('digest.meetings', { count: f.meetings }),
    ...d.meetings.map((m): RichText => [
      `   ${m.id} · ${m.title} — `,
      { time: m.startsAt },
      ` · ${t('meeting.rsvp_counts', { yes: m.rsvps.YES, maybe: m.rsvps.MAYBE, no: m.rsvps.NO })}${m.observers.YES + m.observers.MAYBE ? ` (+${m.observers.YES + m.observers.MAYBE} ${t('role.OBSERVER')})` : ''}`,
    ]),
    t('digest.exchanges', { count: f.exchanges, previous: f.exchangesBefore }),
    t('digest.held', { count: f.held, attended: f.attended, observers: f.attendedObservers }),
    ...(Object.keys(d.attendance.byOrgType).length
      ? [
          `   ${Object.entries(d.attendance.byOrgType)
            .map(([k, v]) => `${k === 'UNKNOWN' ? '—' : t(`orgType.${k}` as never)}: ${v}`)
            .join(' · ')}`,
        ]
      : []),
    t('digest.actions', { opened: f.actionsOpened, done: f.actionsDone, overdue: f.actionsOverdue }),
    ...d.overdueActions.map((a) => `   ${a.id} · ${a.text} — ${a.owner ?? '—'} (${a.due})`),
  ];
  return lines;
}

/** The weekly digest as a card: one rendering for the Monday post and for /digest. */
export function digestCard(t: Translate, d: Digest, visibility: Reply['visibility']): Reply {
  return { visibility, title: t('digest.title', { week: d.week }), lines: digestLines(d, t) };
}

/**
 * The weekly digest as Markdown: the digest card's own lines (one rendering), in the reader's
 * language, instants in their zone and links as Markdown links.
 */
export function digestMarkdown(d: Digest, t: Translate, timeZone: string): string {
  const md = (line: RichText) =>
    renderSpans(line, {
      time: (at) => formatInstant(at, t.locale, timeZone),
      link: (url, label) => (label ? `[${label}](${url})` : url),
    });
  return [
    `# ${t('digest.title', { week: d.week })}`,
    '',
    ...digestLines(d, t).map((line) => {
      const text = md(line);
      // Sub-items are indented by the card; in Markdown they nest under their figure.
      return text.startsWith('   ') ? `  - ${text.trim()}` : `- ${text}`;
    }),
    '',
  ].join('\n');
}

export function digestCsv(d: Digest): string {
  const f = d.figures;
  return (
    [
      table(
        'figures',
        ['figure', 'value'],
        [
          ['learnings', f.learnings],
          ['updates', f.updates],
          ['members', f.members],
          ['meetings', f.meetings],
          ['exchanges', f.exchanges],
          ['exchanges_week_before', f.exchangesBefore],
          ['meetings_held', f.held],
          ['attended', f.attended],
          ['attended_observers', f.attendedObservers],
          ['actions_opened', f.actionsOpened],
          ['actions_done', f.actionsDone],
          ['actions_overdue', f.actionsOverdue],
          ['measurements', f.measurements],
        ],
      ),
      table('attendance_by_org_type', ['type', 'attendees'], entries(d.attendance.byOrgType)),
      table('attendance_by_country', ['country', 'attendees'], entries(d.attendance.byCountry)),
      table(
        'overdue_actions',
        ['id', 'text', 'owner', 'due'],
        d.overdueActions.map((a) => [a.id, a.text, a.owner ?? '', a.due]),
      ),
      table(
        'learnings',
        ['id', 'title', 'org_type', 'themes'],
        d.learnings.map((l) => [l.id, l.title, l.orgType ?? '', l.themes.join(' ')]),
      ),
      table(
        'updates',
        ['id', 'title', 'from', 'to', 'at'],
        d.updates.map((u) => [u.id, u.title, u.from ?? '', u.to, u.at.toISOString()]),
      ),
      table(
        'meetings',
        [
          'id',
          'title',
          'starts_at',
          'yes',
          'maybe',
          'no',
          'observers_yes',
          'observers_maybe',
          'observers_no',
        ],
        d.meetings.map((m) => [
          m.id,
          m.title,
          m.startsAt.toISOString(),
          m.rsvps.YES,
          m.rsvps.MAYBE,
          m.rsvps.NO,
          m.observers.YES,
          m.observers.MAYBE,
          m.observers.NO,
        ]),
      ),
      table(
        'measurements',
        ['indicator', 'commitment', 'name', 'value', 'unit', 'date'],
        d.measurements.map((m) => [m.id, m.commitment, m.name ?? `SDG ${m.sdg}`, m.value, m.unit, m.date]),
      ),
      table(
        'members',
        ['name', 'organisation', 'type'],
        d.members.map((m) => [m.name, m.organization ?? '', m.type ?? '']),
      ),
    ].join('\n\n') + '\n'
  );
}

/** A meeting's registrations as CSV: one row per person, a column per question it asks. */
export function registrationsCsv(rows: Registration[], questions: QuestionKey[], extras: string[]): string {
  const asked = questions.filter((q) => q !== 'attend');
  const header = [
    'name',
    'organisation',
    'type',
    'country',
    'observer',
    'status',
    'waitlist_position',
    'attend',
    ...asked.map((q) => {
      const i = EXTRA_QUESTIONS.indexOf(q as (typeof EXTRA_QUESTIONS)[number]);
      return i >= 0 && extras[i] ? extras[i] : q;
    }),
    'answered_at',
  ];
  return (
    [
      header.map(csvCell).join(','),
      ...rows.map((r) =>
        [
          r.name,
          r.organization ?? '',
          r.orgType ?? '',
          r.country ?? '',
          r.observer ? 'yes' : 'no',
          r.status,
          r.position ?? '',
          r.attend ?? '',
          ...asked.map((q) => r.answers[q] ?? ''),
          r.answeredAt.toISOString(),
        ]
          .map(csvCell)
          .join(','),
      ),
    ].join('\n') + '\n'
  );
}

// Outcome indicators and milestones: the evidence sections, kept apart from the counts above.

function evidenceTables(r: AnnualReport): string[] {
  return [
    table(
      'indicators',
      [
        'id',
        'commitment',
        'name',
        'sdg',
        'unit',
        'direction',
        'baseline',
        'baseline_date',
        'target',
        'target_date',
        'value',
        'date',
        'progress',
      ],
      r.indicators.items.map((i) => [
        i.id,
        i.commitment,
        i.name,
        i.sdg ?? '',
        i.unit,
        i.direction,
        i.baseline.value,
        i.baseline.date,
        i.target.value,
        i.target.date,
        i.value ?? '',
        i.date ?? '',
        i.progress ?? '',
      ]),
    ),
    table(
      'milestones',
      ['figure', 'milestones'],
      [
        ['total', r.milestones.total],
        ['due', r.milestones.due],
        ['done', r.milestones.done],
        ['overdue', r.milestones.overdue],
      ],
    ),
  ];
}

function evidenceMarkdown(r: AnnualReport, t: Translate): string[] {
  const m = r.milestones;
  const col = (key: string) => t(`report.md.col.${key}` as never);
  const out = [
    '',
    `## ${t('report.md.h.indicators')}`,
    r.indicators.total === 0
      ? t('report.md.no_indicators')
      : t('report.md.indicators', {
          total: r.indicators.total,
          measured: r.indicators.measured,
          reached: r.indicators.reached,
        }),
  ];
  if (r.indicators.items.length > 0)
    out.push(
      '',
      `| ${col('indicator')} | ${col('commitment')} | ${col('baseline')} | ${col('target')} | ${col('latest')} | ${col('progress')} |`,
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...r.indicators.items.map(
        (i) =>
          `| ${i.id} ${i.name.replace(/\|/g, '\\|')} (${i.unit.replace(/\|/g, '\\|')}) | ${i.commitment} | ${i.baseline.value} (${i.baseline.date}) | ${i.target.value} (${i.target.date}) | ${i.value === null ? '—' : `${i.value} (${i.date})`} | ${i.progress === null ? '—' : `${Math.round(i.progress * 100)}%`} |`,
      ),
    );
  out.push(
    '',
    `## ${t('report.md.h.milestones')}`,
    t('report.md.milestones', { due: m.due, done: m.done, overdue: m.overdue, total: m.total }),
  );
  return out;
}
