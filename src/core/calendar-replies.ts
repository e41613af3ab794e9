// An attendee's calendar answered an invitation by mail (iTIP REPLY): the answer counts as their
// RSVP, through the same rules as /meeting rsvp, when and only when everything in it matches what
// Docket sent: a Docket UID, our own organiser address, one attendee who is the sender, and that
// address on record for that person for that meeting. Anything else is refused with a reason and
// changes nothing. Replies are untrusted input: nothing of their text is logged or kept.
import type { RsvpAnswerName } from '../services/index.ts';
import { checkAccess, type Docket } from './docket.ts';
import { deliveries } from './delivery.ts';
import { UserError } from './errors.ts';
import { readCalendar, type CalendarAnswer } from './itip.ts';
import { Ref } from './refs.ts';

/** A mail as the mail adapter read it: who sent it, and the calendar parts it carried. */
export interface InboundMail {
  from: string | null;
  calendars: string[];
}

export type ReplyRefusal =
  | 'no_calendar'
  | 'not_a_reply'
  | 'one_attendee'
  | 'unsupported_answer'
  | 'wrong_organizer'
  | 'sender_mismatch'
  | 'unknown_uid'
  | 'not_invited'
  | 'address_changed'
  | 'not_allowed'
  | 'meeting_closed';

export type ReplyOutcome =
  | { status: 'applied'; meeting: string; answer: RsvpAnswerName }
  | { status: 'refused'; reason: ReplyRefusal };

const ANSWERS: Record<string, RsvpAnswerName> = { ACCEPTED: 'YES', TENTATIVE: 'MAYBE', DECLINED: 'NO' };

class Refused extends Error {
  constructor(readonly reason: ReplyRefusal) {
    super(reason);
  }
}

/** The REPLY among a mail's calendar parts, checked against the message around it. */
function replyOf(mail: InboundMail, organizer: string): CalendarAnswer & { answer: RsvpAnswerName } {
  if (mail.calendars.length === 0) throw new Refused('no_calendar');
  const reply = mail.calendars.map(readCalendar).find((c) => c?.method === 'REPLY');
  if (!reply) throw new Refused('not_a_reply');
  if (reply.attendees.length !== 1) throw new Refused('one_attendee');
  const answer = ANSWERS[reply.attendees[0]!.status];
  if (!answer) throw new Refused('unsupported_answer');
  if (reply.organizer !== organizer.toLowerCase()) throw new Refused('wrong_organizer');
  if (!mail.from || mail.from.toLowerCase() !== reply.attendees[0]!.address)
    throw new Refused('sender_mismatch');
  return { ...reply, answer };
}

export async function applyCalendarReply(docket: Docket, mail: InboundMail): Promise<ReplyOutcome> {
  const { services } = docket;
  let queued = 0;
  try {
    const reply = replyOf(mail, services.mail.sender());
    const attendee = reply.attendees[0]!.address;
    const done = await services.transaction(async (s) => {
      const target = await s.invitations.replyTarget(reply.uid, attendee);
      if (!target.ok) throw new Refused(target.reason);
      const actor = await s.people.actorOf(target.personId);
      if (!actor || !checkAccess(actor, 'joined').ok) throw new Refused('not_allowed');
      let meeting;
      try {
        meeting = await s.meetings.rsvp(actor, target.meetingNumber, reply.answer);
      } catch (error) {
        // Cancelled, or over: the same rules as in chat.
        if (error instanceof UserError) throw new Refused('meeting_closed');
        throw error;
      }
      // Their calendar shows this answer already: record it, and send only what else is stale.
      await s.invitations.noteReply(target.subject, target.personId, reply.answer);
      const id = Ref.meeting(target.meetingNumber);
      await s.audit.record(target.coalitionId, target.personId, 'meeting.rsvp.mail', id, {
        answer: reply.answer,
      });
      const deliver = deliveries(s, actor.coalition, docket.platforms, services.clock.now);
      queued = await deliver.invitations(meeting, { people: [target.personId] });
      return { meeting: id, answer: reply.answer };
    });
    if (queued > 0) docket.courier.kick();
    return { status: 'applied', ...done };
  } catch (error) {
    if (error instanceof Refused) return { status: 'refused', reason: error.reason };
    throw error;
  }
}
