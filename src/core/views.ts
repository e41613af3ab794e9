// Cards shared by several commands (a learning looks the same after share, show and search).
import type { CommitmentView } from '../services/commitment.service.ts';
import type { IndicatorView } from '../services/indicator.service.ts';
import type { MilestoneView } from '../services/milestone.service.ts';
import { progressOf, withUnit } from './indicators.ts';
import type { JoinRequestView } from '../services/member.service.ts';
import type { OrganizationView } from '../services/types.ts';
import { Ref } from './refs.ts';
import type { LearningView } from '../services/learning.service.ts';
import type { MeetingSummary, MeetingView, Registration, RsvpCounts } from '../services/meeting.service.ts';
import type { ActionView } from '../services/action.service.ts';
import type { SeriesView } from '../services/series.service.ts';
import { localDay, localStamp } from './recurrence.ts';
import { RSVP_ANSWERS } from '../services/types.ts';
import { catalogues, type MessageKey, type Translate } from './i18n/index.ts';
import type { MirroredEvent } from './platform.ts';
import type { Button, Field, Reply, RichText } from './reply.ts';

const label = (t: Translate, group: string, value: string) =>
  t(`${group}.${value}` as Parameters<Translate>[0]);
const themes = (t: Translate, list: string[]) => list.map((th) => label(t, 'theme', th)).join(', ');

export const usefulButton = (t: Translate, l: LearningView): Button => ({
  label: t('learning.useful_button', { count: l.usefulCount }),
  command: 'learning',
  sub: 'useful',
  input: { id: Ref.learning(l.number) },
  refresh: true,
});

export function learningCard(t: Translate, l: LearningView, visibility: Reply['visibility']): Reply {
  const fields: Field[] = [{ label: t('field.themes'), value: themes(t, l.themes) }];
  if (l.url) fields.push({ label: t('field.link'), value: [{ url: l.url }] });
  if (l.country) fields.push({ label: t('field.country'), value: l.country });
  if (l.organization || l.author)
    fields.push({
      label: t('field.shared_by'),
      value: [l.author, l.organization, l.verified ? null : t('member.unverified')]
        .filter(Boolean)
        .join(' · '),
    });
  fields.push({ label: t('field.shared_on'), value: [{ time: l.createdAt }] });
  return {
    visibility,
    title: `${Ref.learning(l.number)} · ${l.title}`,
    lines: [l.summary],
    fields,
    buttons: [usefulButton(t, l)],
    footer: t('learning.footer', { id: Ref.learning(l.number) }),
  };
}

export const learningLine = (t: Translate, l: LearningView): RichText =>
  `${Ref.learning(l.number)} · ${l.title} — ${themes(t, l.themes)}${l.usefulCount ? ` · ${t('learning.useful_count', { count: l.usefulCount })}` : ''}${l.verified ? '' : ` · ${t('member.unverified')}`}`;

// Intl formatters are costly to build and cheap to use: one per locale, kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const shareFormats = new Map<string, Intl.NumberFormat>();

/** A calendar date (stored as 00:00 UTC) in the reader's words: the same day in every zone. */
export const formatDay = (t: Translate, day: Date): string => {
  let f = dayFormats.get(t.locale);
  if (!f)
    dayFormats.set(
      t.locale,
      (f = new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeZone: 'UTC' })),
    );
  return f.format(day);
};

/** An indicator's name: its own, or its SDG definition's in the reader's language. */
export const indicatorName = (t: Translate, i: Pick<IndicatorView, 'name' | 'sdg'>): string =>
  i.name ?? t(`sdgIndicator.${i.sdg}` as MessageKey);

/** Progress as ten cells, clipped to the bar (the percentage says the rest). */
export const progressBar = (fraction: number): string => {
  const filled = Math.max(0, Math.min(10, Math.round(fraction * 10)));
  return '▰'.repeat(filled) + '▱'.repeat(10 - filled);
};

/** Share of the way from baseline to target, as people read it: `32%`, `−10 %`. */
export const formatShare = (t: Translate, fraction: number): string => {
  let f = shareFormats.get(t.locale);
  if (!f)
    shareFormats.set(
      t.locale,
      (f = new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 0 })),
    );
  return f.format(fraction);
};

/** One indicator: its latest value and how far it has come from the baseline toward the target. */
export function indicatorLines(t: Translate, i: IndicatorView): RichText[] {
  const id = Ref.indicator(i.number);
  const name = indicatorName(t, i);
  const latest = i.measurements.at(-1);
  const span = t('indicator.span', {
    baseline: withUnit(i.baselineValue, i.unit, t.locale),
    baselineDate: formatDay(t, i.baselineDate),
    target: withUnit(i.targetValue, i.unit, t.locale),
    targetDate: formatDay(t, i.targetDate),
  });
  if (!latest) return [t('indicator.no_value', { id, name }), `   ${span}`];
  const progress = progressOf(i, latest.value);
  const line: RichText = [
    t('indicator.latest', {
      id,
      name,
      value: withUnit(latest.value, i.unit, t.locale),
      date: formatDay(t, latest.measuredOn),
    }),
    ' ',
    { url: latest.sourceUrl, label: t('field.source') },
  ];
  return [
    line,
    `   ${progress === null ? '' : `${progressBar(progress)} ${t('indicator.progress', { share: formatShare(t, progress) })} · `}${span}`,
  ];
}

export function milestoneLine(t: Translate, m: MilestoneView, today?: Date): string {
  const base = { number: m.number, title: m.title };
  if (m.doneAt) return t('milestone.line_done', { ...base, date: formatDay(t, m.doneAt) });
  if (!m.dueDate) return t('milestone.line_open', { ...base, date: '—' });
  return today && m.dueDate.getTime() < today.getTime()
    ? t('milestone.line_overdue', { ...base, date: formatDay(t, m.dueDate) })
    : t('milestone.line_open', { ...base, date: formatDay(t, m.dueDate) });
}

/** What a commitment card shows besides the commitment itself, when the caller has it. */
export interface CommitmentExtras {
  indicators?: IndicatorView[];
  milestones?: MilestoneView[];
  /** Today in the coalition's zone (00:00 UTC of the day): milestones before it are overdue. */
  today?: Date;
}

export function commitmentCard(
  t: Translate,
  c: CommitmentView,
  visibility: Reply['visibility'],
  extras: CommitmentExtras = {},
): Reply {
  const fields: Field[] = [
    { label: t('field.member'), value: c.member },
    { label: t('field.plan'), value: c.planPeriod },
    { label: t('field.completion'), value: label(t, 'completion', c.completion) },
    { label: t('field.themes'), value: themes(t, c.themes) },
  ];
  if (c.ogpId) fields.push({ label: t('field.ogp_id'), value: c.ogpId });
  if (c.leadInstitution) fields.push({ label: t('field.institution'), value: c.leadInstitution });
  if (c.organization) fields.push({ label: t('field.organization'), value: c.organization });
  fields.push({
    label: t('field.people_centred'),
    value: c.peopleCentred ? t('common.yes') : t('common.no'),
  });
  fields.push({ label: t('field.sdg'), value: c.sdgTargets.join(', ') });
  fields.push({ label: t('field.last_update'), value: [{ time: c.lastUpdateAt }] });
  const lines: RichText[] = [c.description];
  if (extras.indicators?.length) {
    lines.push(t('commitment.indicators'));
    for (const i of extras.indicators) lines.push(...indicatorLines(t, i));
  }
  if (extras.milestones?.length) {
    lines.push(t('commitment.milestones'));
    for (const m of extras.milestones) lines.push(`   ${milestoneLine(t, m, extras.today)}`);
  }
  if (c.updates.length > 0) {
    lines.push(t('commitment.recent_updates'));
    for (const u of c.updates) {
      const line: RichText = [
        { time: u.createdAt },
        ` · ${label(t, 'completion', u.completion)} — ${u.note}`,
      ];
      if (u.evidenceUrl) line.push(' ', { url: u.evidenceUrl, label: t('field.evidence') });
      lines.push(line);
    }
  }
  return {
    visibility,
    title: `${Ref.commitment(c.number)} · ${c.title}`,
    lines,
    fields,
    footer: t('commitment.footer', { id: Ref.commitment(c.number) }),
  };
}

export const commitmentLine = (t: Translate, c: CommitmentView): RichText =>
  `${Ref.commitment(c.number)} · ${c.title} — ${c.member} (${c.planPeriod}) · ${label(t, 'completion', c.completion)}${c.ogpId ? ` · ${c.ogpId}` : ''}`;

/**
 * Buttons show live counts of members' answers (observers are counted apart on the card); the
 * reader's own answer is highlighted only in a private reply.
 */
export const rsvpButtons = (
  t: Translate,
  m: { number: number; rsvps?: RsvpCounts; myAnswer?: string | null },
  o: { personal: boolean; refresh: boolean },
): Button[] =>
  RSVP_ANSWERS.map((answer) => ({
    label: m.rsvps ? `${label(t, 'answer', answer)} (${m.rsvps[answer]})` : label(t, 'answer', answer),
    command: 'meeting',
    sub: 'rsvp',
    input: { id: Ref.meeting(m.number), answer: answer.toLowerCase() },
    ...(o.refresh ? { refresh: true } : {}),
    ...(o.personal && m.myAnswer === answer ? { style: 'primary' as const } : {}),
  }));

const answersLine = (t: Translate, r: { YES: number; MAYBE: number; NO: number }) =>
  t('meeting.rsvp_counts', { yes: r.YES, maybe: r.MAYBE, no: r.NO });

/**
 * The meeting card, for every use: a command's reply (with live answers), a reminder or a notice
 * (a summary, with `lines` of its own). One card, so they never drift apart.
 */
export function meetingCard(
  t: Translate,
  m: MeetingSummary &
    Partial<
      Pick<
        MeetingView,
        | 'organizer'
        | 'cancelReason'
        | 'rsvps'
        | 'myAnswer'
        | 'myWaitlisted'
        | 'capacity'
        | 'series'
        | 'minutes'
        | 'attended'
      >
    >,
  visibility: Reply['visibility'],
  o: { title?: string; lines?: RichText[] } = {},
): Reply {
  const fields: Field[] = [
    { label: t('field.when'), value: [{ time: m.startsAt }] },
    { label: t('field.duration'), value: t('meeting.minutes', { count: m.durationMinutes }) },
    { label: t('field.kind'), value: label(t, 'kind', m.kind) },
  ];
  if (m.joinUrl) fields.push({ label: t('field.link'), value: [{ url: m.joinUrl }] });
  if (m.location) fields.push({ label: t('field.location'), value: m.location });
  if (m.organizer) fields.push({ label: t('field.organizer'), value: m.organizer });
  if (m.series) fields.push({ label: t('field.series'), value: Ref.series(m.series.number) });
  const r = m.rsvps;
  if (r) {
    fields.push({ label: t('field.rsvps'), value: answersLine(t, r) });
    if (r.observers.YES + r.observers.MAYBE + r.observers.NO > 0)
      fields.push({ label: t('field.observers'), value: answersLine(t, r.observers) });
    if (m.capacity != null)
      fields.push({
        label: t('field.places'),
        value: t('meeting.places', {
          taken: Math.min(m.capacity, r.YES + r.observers.YES),
          capacity: m.capacity,
          waiting: r.waitlist,
        }),
      });
  }
  if (m.attended) fields.push({ label: t('field.attended'), value: String(m.attended) });
  // A public card is seen by everyone: no one's own answer on it.
  const personal = visibility === 'ephemeral';
  if (personal && m.myAnswer)
    fields.push({
      label: t('field.my_answer'),
      value: m.myWaitlisted ? t('meeting.my_waitlist') : label(t, 'answer', m.myAnswer),
    });
  const lines: RichText[] = [...(o.lines ?? [])];
  if (m.cancelledAt)
    lines.push(t('meeting.cancelled_banner') + (m.cancelReason ? ` — ${m.cancelReason}` : ''));
  if (m.agenda && !o.lines) lines.push(m.agenda);
  if (m.minutes && !o.lines) {
    if (m.minutes.summary) lines.push(t('meeting.minutes_summary', { text: m.minutes.summary }));
    if (m.minutes.decisions) lines.push(t('meeting.minutes_decisions', { text: m.minutes.decisions }));
  }
  const id = Ref.meeting(m.number);
  return {
    visibility,
    title: o.title ?? `${id} · ${m.title}`,
    lines,
    fields,
    buttons: m.cancelledAt
      ? []
      : [
          // Buttons on the card itself refresh it; on a reminder they answer apart.
          ...rsvpButtons(t, m, { personal, refresh: Boolean(r) }),
          { label: t('meeting.ics_button'), command: 'meeting', sub: 'ics', input: { id } },
        ],
    footer: t('meeting.footer', { id, zone: m.timezone }),
  };
}

export const meetingLine = (t: Translate, m: MeetingView): RichText => [
  `${Ref.meeting(m.number)} · ${m.title} — `,
  { time: m.startsAt },
  ` · ${label(t, 'kind', m.kind)} · ${answersLine(t, m.rsvps)}`,
];

/** The time left before a start, in the unit that reads well: "50 minutes", "3 hours", "1 day". */
export function timeLeft(t: Translate, ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60 || (minutes < 90 && minutes % 60 !== 0)) return t('time.minutes', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 22) return t('time.hours', { count: hours });
  return t('time.days', { count: Math.round(hours / 24) });
}

/** A meeting reminder: the meeting card, saying how long is really left (a late reminder too). */
export function reminderCard(t: Translate, m: MeetingSummary, o: { now: Date; personal: boolean }): Reply {
  return meetingCard(t, m, o.personal ? 'ephemeral' : 'public', {
    title: t('reminder.title', { title: `${Ref.meeting(m.number)} · ${m.title}` }),
    lines: [
      t('reminder.starts_in', { when: timeLeft(t, m.startsAt.getTime() - o.now.getTime()) }),
      ...(o.personal ? [t('reminder.change_answer')] : []),
    ],
  });
}

/** A platform's name for people: from the catalogue, or as stored for one it has no label for. */
export const platformLabel = (t: Translate, platform: string): string =>
  `platformName.${platform}` in catalogues.en
    ? t(`platformName.${platform}` as MessageKey)
    : platform.charAt(0) + platform.slice(1).toLowerCase();

/** A page of list lines with a "n of total" footer and the command for the next page. */
export function listReply(
  t: Translate,
  title: string,
  lines: RichText[],
  total: number,
  page: number,
  pageSize: number,
  next: string,
  /** What to say when nothing matched a search (an empty list says "nothing yet"). */
  empty?: string,
): Reply {
  if (total === 0) return { visibility: 'ephemeral', title, lines: [empty ?? t('list.empty')] };
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const more = to < total ? ` ${t('list.next', { command: `${next} page:${page + 1}` })}` : '';
  return { visibility: 'ephemeral', title, lines, footer: `${t('list.range', { from, to, total })}${more}` };
}

/** A meeting as the platforms' own calendar events mirror it (Discord scheduled events). */
export const meetingEvent = (
  m: Pick<
    MeetingView,
    | 'id'
    | 'number'
    | 'title'
    | 'sequence'
    | 'startsAt'
    | 'durationMinutes'
    | 'joinUrl'
    | 'location'
    | 'agenda'
    | 'cancelledAt'
  >,
): MirroredEvent => ({
  subject: `meeting:${m.id}`,
  version: m.sequence,
  title: `${Ref.meeting(m.number)} · ${m.title}`,
  startsAt: m.startsAt,
  endsAt: new Date(m.startsAt.getTime() + m.durationMinutes * 60_000),
  location: m.joinUrl ?? m.location ?? '',
  ...(m.agenda ? { description: m.agenda } : {}),
  cancelled: Boolean(m.cancelledAt),
});

/** An organisation with what it is: `Namati (civil society · observer)`, pending until approved. */
export const organizationLabel = (t: Translate, o: OrganizationView): string =>
  `${o.name} (${label(t, 'orgType', o.type)} · ${o.verified ? label(t, 'standing', o.observer ? 'OBSERVER' : 'MEMBER') : t('standing.PENDING')})`;

/**
 * A join request, for those who can settle it (with Approve and Decline buttons while it waits:
 * a new organisation's approval sets its standing, so it has one button per standing) and for the
 * requester once it is settled.
 */
export function joinRequestCard(
  t: Translate,
  r: JoinRequestView,
  visibility: Reply['visibility'],
  o: { buttons?: boolean; lines?: RichText[] } = {},
): Reply {
  const id = Ref.join(r.number);
  const org = r.organization;
  const fields: Field[] = [
    { label: t('field.organization'), value: organizationLabel(t, org) },
    { label: t('field.asked_on'), value: [{ time: r.createdAt }] },
  ];
  if (org.country) fields.push({ label: t('field.country'), value: org.country });
  if (r.requestedStanding)
    fields.push({ label: t('field.asked_as'), value: label(t, 'standing', r.requestedStanding) });
  fields.push({ label: t('field.status'), value: label(t, 'joinStatus', r.status) });
  if (r.settledBy) fields.push({ label: t('field.settled_by'), value: r.settledBy });
  if (r.reason) fields.push({ label: t('field.reason'), value: r.reason });
  const approve = (standing?: 'MEMBER' | 'OBSERVER'): Button => ({
    label: standing ? t(`member.button.approve_as.${standing}`) : t('member.button.approve'),
    command: 'member',
    sub: 'approve',
    input: { id, ...(standing ? { standing: standing.toLowerCase() } : {}) },
    style: 'primary',
    refresh: true,
  });
  const buttons: Button[] =
    o.buttons && r.status === 'PENDING'
      ? [
          ...(org.verified ? [approve()] : [approve('MEMBER'), approve('OBSERVER')]),
          {
            label: t('member.button.decline'),
            command: 'member',
            sub: 'decline',
            input: { id },
            style: 'danger',
            refresh: true,
          },
        ]
      : [];
  return {
    visibility,
    title: t('member.request.title', { id, name: r.person.name, organization: org.name }),
    lines: o.lines ?? [],
    fields,
    buttons,
    footer: t(
      r.status !== 'PENDING'
        ? 'member.request.footer_settled'
        : org.verified
          ? 'member.request.footer'
          : 'member.request.footer_new',
      { id },
    ),
  };
}

const ORDINAL: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '-1': 'last',
};

/** "Every month on the second Tuesday at 15:00 (Europe/Paris)", in the reader's language. */
export function ruleText(
  t: Translate,
  s: Pick<SeriesView, 'pattern' | 'rule' | 'startsAt' | 'timezone' | 'until'>,
): string {
  const weekday = new Intl.DateTimeFormat(t.locale, { weekday: 'long', timeZone: s.timezone }).format(
    s.startsAt,
  );
  const stamp = localStamp(s.startsAt, s.timezone);
  const time = `${stamp.slice(9, 11)}:${stamp.slice(11, 13)}`;
  const byday = /BYDAY=(-?\d)/.exec(s.rule)?.[1] ?? '1';
  const what =
    s.pattern === 'RRULE'
      ? t('series.custom', { rule: s.rule.replace(/;UNTIL=[^;]*/, '') })
      : t(`series.${s.pattern}` as Parameters<Translate>[0], {
          weekday,
          position: ORDINAL[byday] ?? 'first',
        });
  const until = s.until ? ` ${t('series.until', { day: localDay(s.until, s.timezone) })}` : '';
  return `${what} ${t('series.at', { time, zone: s.timezone })}${until}`;
}

/** A series: its rule, its next occurrences (with their M ids) and answer buttons for the whole series. */
export function seriesCard(
  t: Translate,
  s: SeriesView,
  visibility: Reply['visibility'],
  o: { lines?: RichText[] } = {},
): Reply {
  const id = Ref.series(s.number);
  const fields: Field[] = [
    { label: t('field.repeats'), value: ruleText(t, s) },
    { label: t('field.duration'), value: t('meeting.minutes', { count: s.durationMinutes }) },
    { label: t('field.kind'), value: label(t, 'kind', s.kind) },
  ];
  if (s.joinUrl) fields.push({ label: t('field.link'), value: [{ url: s.joinUrl }] });
  if (s.location) fields.push({ label: t('field.location'), value: s.location });
  if (s.organizer) fields.push({ label: t('field.organizer'), value: s.organizer });
  if (s.capacity != null) fields.push({ label: t('field.places'), value: String(s.capacity) });
  fields.push({ label: t('field.series_answers'), value: answersLine(t, s.answers) });
  if (visibility === 'ephemeral' && s.myAnswer)
    fields.push({ label: t('field.my_answer'), value: label(t, 'answer', s.myAnswer) });
  const lines: RichText[] = [...(o.lines ?? [])];
  if (s.cancelledAt) lines.push(t('series.cancelled_banner'));
  if (s.next.length > 0) {
    lines.push(t('series.next'));
    for (const m of s.next) lines.push([`${Ref.meeting(m.number)} · `, { time: m.startsAt }]);
  }
  if (s.agenda && !o.lines) lines.push(s.agenda);
  return {
    visibility,
    title: `${id} · ${s.title}`,
    lines,
    fields,
    buttons: s.cancelledAt
      ? []
      : [
          ...RSVP_ANSWERS.map((answer) => ({
            label: `${label(t, 'answer', answer)} (${s.answers[answer]})`,
            command: 'meeting',
            sub: 'rsvp',
            input: { id, answer: answer.toLowerCase() },
            ...(visibility === 'ephemeral' && s.myAnswer === answer ? { style: 'primary' as const } : {}),
          })),
          { label: t('meeting.ics_button'), command: 'meeting', sub: 'ics', input: { id } },
        ],
    footer: t('series.footer', { id, zone: s.timezone }),
  };
}

/** The "I attended" follow-up after a meeting, in the thread of its last reminder where possible. */
export function attendedCard(t: Translate, m: MeetingSummary): Reply {
  const id = Ref.meeting(m.number);
  return {
    visibility: 'ephemeral',
    title: t('attendance.title', { title: `${id} · ${m.title}` }),
    lines: [t('attendance.ask')],
    buttons: [
      {
        label: t('attendance.button'),
        command: 'meeting',
        sub: 'attendance',
        input: { id },
        style: 'primary',
      },
    ],
    footer: t('attendance.footer'),
  };
}

export const actionLine = (t: Translate, a: ActionView): RichText =>
  `${Ref.action(a.number)} · ${a.text} — ${a.owner ?? t('action.no_owner')} · ${t('action.due', { day: a.dueOn })}${
    a.doneAt ? ` · ${t('action.done_mark')}` : a.overdue ? ` · ${t('action.overdue_mark')}` : ''
  }${a.meeting ? ` · ${Ref.meeting(a.meeting)}` : ''}`;

export function actionCard(t: Translate, a: ActionView, visibility: Reply['visibility']): Reply {
  const id = Ref.action(a.number);
  return {
    visibility,
    title: `${id} · ${a.text}`,
    fields: [
      { label: t('field.owner'), value: a.owner ?? t('action.no_owner') },
      { label: t('field.due'), value: a.dueOn },
      ...(a.meeting ? [{ label: t('field.meeting'), value: Ref.meeting(a.meeting) }] : []),
      {
        label: t('field.status'),
        value: a.doneAt
          ? t('action.done_mark')
          : a.overdue
            ? t('action.overdue_mark')
            : t('action.open_mark'),
      },
    ],
    buttons: a.doneAt
      ? []
      : [{ label: t('action.done_button'), command: 'action', sub: 'done', input: { id }, style: 'primary' }],
    footer: t('action.footer', { id }),
  };
}

/** Registration lines for the organiser (private answers: never a public card). */
export function registrationLine(t: Translate, r: Registration): string {
  const status =
    r.status === 'WAITLIST'
      ? t('registration.waitlist', { position: r.position ?? 0 })
      : r.status === 'CONFIRMED'
        ? t('registration.confirmed')
        : label(t, 'answer', r.status);
  const extra = [
    r.observer ? t('registration.observer') : null,
    r.attend ? label(t, 'attend', r.attend) : null,
    ...Object.entries(r.answers).map(([k, v]) => `${k}: ${v}`),
  ].filter(Boolean);
  return `${r.name}${r.organization ? ` (${r.organization})` : ''} — ${status}${extra.length ? ` · ${extra.join(' · ')}` : ''}`;
}
