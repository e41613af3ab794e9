// What goes by mail, as neutral replies the mail adapter renders (text and HTML): an address's
// code, a meeting invitation and its updates, the digest, and the chat notice when mail bounces.
import type { InvitationChange, MeetingView } from '../services/index.ts';
import type { Translate } from './i18n/index.ts';
import type { ItipMethod } from './itip.ts';
import { Ref } from './refs.ts';
import type { Attachment, Reply } from './reply.ts';
import { meetingCard } from './views.ts';

/** The small print every mail ends with: who sent it and where to change what comes. */
const footer = (t: Translate, coalition: string) => t('mail.footer', { coalition });

export function codeMail(t: Translate, o: { code: string; expiresAt: Date; coalition: string }): Reply {
  return {
    visibility: 'ephemeral',
    title: t('mail.code.subject', { code: o.code }),
    lines: [
      t('mail.code.body', { code: o.code }),
      [t('mail.code.expires'), { time: o.expiresAt }],
      t('mail.code.ignore'),
    ],
    footer: footer(t, o.coalition),
  };
}

/** The calendar part of an invitation: the mail adapter sends it as `text/calendar; method=…`. */
export const calendarPart = (method: ItipMethod, ics: string): Attachment => ({
  filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
  contentType: `text/calendar; method=${method}`,
  content: ics,
});

/** The readable side of an invitation, update or cancellation: the meeting card with why it came. */
export function invitationMail(
  t: Translate,
  meeting: MeetingView,
  change: Pick<InvitationChange, 'reason' | 'answer'>,
  o: { coalition: string; calendar: Attachment },
): Reply {
  const title = `${Ref.meeting(meeting.number)} · ${meeting.title}`;
  const answer = change.answer ? t(`answer.${change.answer}`) : '';
  const intro = {
    new: t('mail.invite.new', { answer }),
    updated: t('mail.invite.updated'),
    answer: t('mail.invite.answer', { answer }),
    cancelled: t('mail.invite.cancelled'),
    declined: t('mail.invite.declined'),
  }[change.reason];
  const subject = {
    new: t('mail.invite.subject.new', { title }),
    updated: t('mail.invite.subject.updated', { title }),
    answer: t('mail.invite.subject.answer', { title, answer }),
    cancelled: t('mail.invite.subject.cancelled', { title }),
    declined: t('mail.invite.subject.declined', { title }),
  }[change.reason];
  // The card without live counts: a mail is a snapshot, and others' answers are not its business.
  const card = meetingCard(
    t,
    {
      ...meeting,
      rsvps: undefined,
      myAnswer: undefined,
      // A removal is not a cancellation of the meeting: only a cancelled one says so.
      cancelledAt: change.reason === 'cancelled' ? meeting.cancelledAt : null,
    },
    'public',
    { title: subject, lines: [intro, ...(meeting.agenda ? [meeting.agenda] : [])] },
  );
  return {
    ...card,
    buttons: [],
    attachments: [o.calendar],
    footer: `${card.footer ?? ''}\n${footer(t, o.coalition)}`,
  };
}

/** The weekly digest as a mail: the channel's card, with its way out in the body too. */
export function digestMail(t: Translate, card: Reply, o: { coalition: string; unsubscribe: string }): Reply {
  return {
    ...card,
    visibility: 'ephemeral',
    lines: [
      ...(card.lines ?? []),
      [t('mail.digest.unsubscribe'), { url: o.unsubscribe, label: t('mail.digest.unsubscribe_link') }],
    ],
    footer: footer(t, o.coalition),
  };
}

/** Told in chat when an address refused mail for good. */
export const bouncedNotice = (t: Translate, address: string): Reply => ({
  visibility: 'ephemeral',
  tone: 'warning',
  title: t('mail.bounced.title', { address }),
  lines: [t('mail.bounced.body', { address })],
});
