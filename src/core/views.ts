// Cards shared by several commands (a learning looks the same after share, show and search).
import type { CommitmentView } from '../services/commitment.service.ts';
import type { LearningView } from '../services/learning.service.ts';
import type { MeetingView } from '../services/meeting.service.ts';
import type { Translate } from './i18n/index.ts';
import type { Button, Field, MeetingEffect, Reply, RichText } from './reply.ts';

const label = (t: Translate, group: string, value: string) =>
  t(`${group}.${value}` as Parameters<Translate>[0]);
const themes = (t: Translate, list: string[]) => list.map((th) => label(t, 'theme', th)).join(', ');

export const usefulButton = (t: Translate, l: LearningView): Button => ({
  label: t('learning.useful_button', { count: l.usefulCount }),
  command: 'learning',
  sub: 'useful',
  input: { id: `L${l.number}` },
});

export function learningCard(t: Translate, l: LearningView, visibility: Reply['visibility']): Reply {
  const fields: Field[] = [{ label: t('field.themes'), value: themes(t, l.themes) }];
  if (l.url) fields.push({ label: t('field.link'), value: [{ url: l.url }] });
  if (l.country) fields.push({ label: t('field.country'), value: l.country });
  if (l.organization || l.author)
    fields.push({
      label: t('field.shared_by'),
      value: [l.author, l.organization].filter(Boolean).join(' · '),
    });
  fields.push({ label: t('field.shared_on'), value: [{ time: l.createdAt }] });
  return {
    visibility,
    title: `L${l.number} · ${l.title}`,
    lines: [l.summary],
    fields,
    buttons: [usefulButton(t, l)],
    footer: t('learning.footer', { id: `L${l.number}` }),
  };
}

export const learningLine = (t: Translate, l: LearningView): RichText =>
  `L${l.number} · ${l.title} — ${themes(t, l.themes)}${l.usefulCount ? ` · ${t('learning.useful_count', { count: l.usefulCount })}` : ''}`;

export function commitmentCard(t: Translate, c: CommitmentView, visibility: Reply['visibility']): Reply {
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
    title: `C${c.number} · ${c.title}`,
    lines,
    fields,
    footer: t('commitment.footer', { id: `C${c.number}` }),
  };
}

export const commitmentLine = (t: Translate, c: CommitmentView): RichText =>
  `C${c.number} · ${c.title} — ${c.member} (${c.planPeriod}) · ${label(t, 'completion', c.completion)}${c.ogpId ? ` · ${c.ogpId}` : ''}`;

/** Buttons show live counts; the reader's own answer is highlighted only in a private reply. */
export const rsvpButtons = (t: Translate, m: MeetingView, personal = false): Button[] =>
  (['YES', 'MAYBE', 'NO'] as const).map((answer) => ({
    label: `${label(t, 'answer', answer)} (${m.rsvps[answer] + m.rsvps.observers[answer]})`,
    command: 'meeting',
    sub: 'rsvp',
    input: { id: `M${m.number}`, answer: answer.toLowerCase() },
    ...(personal && m.myAnswer === answer ? { style: 'primary' as const } : {}),
  }));

export function meetingCard(t: Translate, m: MeetingView, visibility: Reply['visibility']): Reply {
  const fields: Field[] = [
    { label: t('field.when'), value: [{ time: m.startsAt }] },
    { label: t('field.duration'), value: t('meeting.minutes', { count: m.durationMinutes }) },
    { label: t('field.kind'), value: label(t, 'kind', m.kind) },
  ];
  if (m.joinUrl) fields.push({ label: t('field.link'), value: [{ url: m.joinUrl }] });
  if (m.location) fields.push({ label: t('field.location'), value: m.location });
  if (m.organizer) fields.push({ label: t('field.organizer'), value: m.organizer });
  const r = m.rsvps;
  fields.push({
    label: t('field.rsvps'),
    value: t('meeting.rsvp_counts', { yes: r.YES, maybe: r.MAYBE, no: r.NO }),
  });
  const observers = r.observers.YES + r.observers.MAYBE + r.observers.NO;
  if (observers > 0)
    fields.push({
      label: t('field.observers'),
      value: t('meeting.rsvp_counts', { yes: r.observers.YES, maybe: r.observers.MAYBE, no: r.observers.NO }),
    });
  // A public card is seen by everyone: no one's own answer on it.
  const personal = visibility === 'ephemeral';
  if (personal && m.myAnswer)
    fields.push({ label: t('field.my_answer'), value: label(t, 'answer', m.myAnswer) });
  const lines: RichText[] = [];
  if (m.cancelledAt)
    lines.push(t('meeting.cancelled_banner') + (m.cancelReason ? ` — ${m.cancelReason}` : ''));
  if (m.agenda) lines.push(m.agenda);
  return {
    visibility,
    title: `M${m.number} · ${m.title}`,
    lines,
    fields,
    buttons: m.cancelledAt
      ? []
      : [
          ...rsvpButtons(t, m, personal),
          { label: t('meeting.ics_button'), command: 'meeting', sub: 'ics', input: { id: `M${m.number}` } },
        ],
    footer: t('meeting.footer', { id: `M${m.number}`, zone: m.timezone }),
  };
}

export const meetingLine = (t: Translate, m: MeetingView): RichText => [
  `M${m.number} · ${m.title} — `,
  { time: m.startsAt },
  ` · ${label(t, 'kind', m.kind)} · ${t('meeting.rsvp_counts', { yes: m.rsvps.YES, maybe: m.rsvps.MAYBE, no: m.rsvps.NO })}`,
];

/** A page of list lines with a "n of total" footer and the command for the next page. */
export function listReply(
  t: Translate,
  title: string,
  lines: RichText[],
  total: number,
  page: number,
  pageSize: number,
  next: string,
): Reply {
  if (total === 0) return { visibility: 'ephemeral', title, lines: [t('list.empty')] };
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const more = to < total ? ` ${t('list.next', { command: `${next} page:${page + 1}` })}` : '';
  return { visibility: 'ephemeral', title, lines, footer: `${t('list.range', { from, to, total })}${more}` };
}

/** What a platform needs to mirror a meeting as a calendar event of its own. */
export const meetingEffect = (m: MeetingView): MeetingEffect => ({
  kind: 'meeting',
  number: m.number,
  title: `M${m.number} · ${m.title}`,
  startsAt: m.startsAt,
  endsAt: new Date(m.startsAt.getTime() + m.durationMinutes * 60_000),
  location: (m.joinUrl ?? m.location ?? '').slice(0, 100),
  description: m.agenda ?? undefined,
  cancelled: Boolean(m.cancelledAt),
  externalEventId: m.externalEventId,
});
