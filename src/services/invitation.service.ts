// What people's own calendars hold of meetings, kept in step by mail (iTIP, RFC 5546/6047). Each
// (meeting, person) has one row: the state last sent and its SEQUENCE. Reconciling compares what
// the person's calendar should hold (their answer, the meeting, their address) with that row and
// returns only what changed, each change with a SEQUENCE higher than anything sent before.
import type { ServiceDeps } from './context.ts';
import { addressKey, type MailReader } from './mail.service.ts';
import { OutboxKey } from './outbox-keys.ts';
import { READER_SELECT, toReader } from './people.service.ts';
import type { RsvpAnswerName } from './types.ts';

export type InvitationMethod = 'REQUEST' | 'CANCEL';
export type Partstat = 'ACCEPTED' | 'TENTATIVE';
/** Why a mail goes: a first invitation, the meeting changed, the person's answer changed, or removal. */
export type InvitationReason = 'new' | 'updated' | 'answer' | 'cancelled' | 'declined';

export interface InvitationChange {
  reader: MailReader;
  /** The person's display name (the ATTENDEE's CN). */
  name: string;
  method: InvitationMethod;
  sequence: number;
  partstat: Partstat;
  answer: RsvpAnswerName | null;
  reason: InvitationReason;
}

/** What reconciling needs of a meeting (a series will bring the same of itself). */
export interface InvitedSubject {
  /** `meeting:<id>` */
  subject: string;
  coalitionId: number;
  uid: string;
  /** The meeting's own SEQUENCE. */
  sequence: number;
  cancelled: boolean;
  /** After this, nothing is sent any more. */
  endsAt: Date;
}

export const meetingSubject = (meetingId: number) => `meeting:${meetingId}`;

const ATTENDING: readonly string[] = ['YES', 'MAYBE'];

export function invitationService({ db, clock }: ServiceDeps) {
  return {
    /**
     * Brings the invitations of a meeting up to date for `personIds` (all who answered or were
     * invited, by default) and records what is about to be sent; returns one change per mail.
     * Call it in the transaction that writes those mails to the outbox.
     */
    async reconcile(
      s: InvitedSubject & { meetingId: number },
      personIds?: number[],
    ): Promise<InvitationChange[]> {
      if (s.endsAt.getTime() <= clock.now().getTime()) return [];
      const only = personIds ? { personId: { in: personIds } } : {};
      const rows = await db.mailInvitation.findMany({ where: { subject: s.subject, ...only } });
      // A copy whose last mail failed for good never reached the calendar: it is sent again.
      const lastKey = (r: { personId: number; sequence: number }) =>
        OutboxKey.invitation(s.subject, r.personId, r.sequence);
      const lost = new Set(
        rows.length === 0
          ? []
          : (
              await db.outboxMessage.findMany({
                where: { key: { in: rows.map(lastKey) }, status: 'FAILED' },
                select: { key: true },
              })
            ).map((r) => r.key),
      );
      const rsvps = await db.rsvp.findMany({
        where: { meetingId: s.meetingId, ...only },
        select: { personId: true, answer: true },
      });
      const answers = new Map(rsvps.map((r) => [r.personId, r.answer as RsvpAnswerName]));
      const ids = [
        ...new Set([
          ...rows.map((r) => r.personId),
          ...rsvps.filter((r) => ATTENDING.includes(r.answer)).map((r) => r.personId),
        ]),
      ];
      if (ids.length === 0) return [];
      const people = new Map(
        (
          await db.person.findMany({
            where: { id: { in: ids }, erasedAt: null },
            select: {
              ...READER_SELECT,
              displayName: true,
              mailAddress: {
                select: { address: true, addressKey: true, invitations: true, undeliverableAt: true },
              },
            },
          })
        ).map((p) => [p.id, p]),
      );
      const byPerson = new Map(rows.map((r) => [r.personId, r]));
      const changes: InvitationChange[] = [];
      // Rows that change alike are written together: a moved meeting is a few updates, not 500.
      const updates = new Map<string, { data: Record<string, unknown>; ids: number[] }>();
      const update = (rowId: number, data: Record<string, unknown>) => {
        const key = JSON.stringify(data);
        const group = updates.get(key) ?? { data, ids: [] };
        group.ids.push(rowId);
        updates.set(key, group);
      };
      for (const id of ids.sort((a, b) => a - b)) {
        const person = people.get(id);
        const row = byPerson.get(id);
        const answer = answers.get(id) ?? null;
        const mail = person?.mailAddress;
        const reachable =
          mail?.address && mail.addressKey && mail.invitations && !mail.undeliverableAt
            ? { address: mail.address, key: mail.addressKey }
            : null;
        const next = row ? Math.max(row.sequence + 1, s.sequence) : s.sequence;
        const change = (method: InvitationMethod, partstat: Partstat, reason: InvitationReason) =>
          changes.push({
            reader: { ...toReader(person!), address: reachable!.address },
            name: person!.displayName,
            method,
            sequence: next,
            partstat,
            answer,
            reason,
          });
        if (!s.cancelled && answer && ATTENDING.includes(answer) && reachable && person) {
          const partstat: Partstat = answer === 'YES' ? 'ACCEPTED' : 'TENTATIVE';
          const fresh =
            !row || row.state !== 'INVITED' || row.address !== reachable.key || lost.has(lastKey(row));
          if (!fresh && row.partstat === partstat && row.subjectSequence === s.sequence) continue;
          const data = {
            uid: s.uid,
            address: reachable.key,
            state: 'INVITED',
            partstat,
            sequence: next,
            subjectSequence: s.sequence,
          };
          if (row) update(row.id, data);
          else
            await db.mailInvitation.upsert({
              where: { subject_personId: { subject: s.subject, personId: id } },
              create: { coalitionId: s.coalitionId, subject: s.subject, personId: id, ...data },
              update: data,
            });
          change(
            'REQUEST',
            partstat,
            fresh ? 'new' : row.subjectSequence !== s.sequence ? 'updated' : 'answer',
          );
        } else if (row?.state === 'INVITED') {
          // Their calendar holds it and should not: cancel it there, if we may still write to them.
          const send = Boolean(person && reachable && reachable.key === row.address);
          update(
            row.id,
            send
              ? { state: 'CANCELLED', sequence: next, subjectSequence: s.sequence }
              : { state: 'CANCELLED' },
          );
          if (send) change('CANCEL', row.partstat as Partstat, s.cancelled ? 'cancelled' : 'declined');
        }
      }
      for (const { data, ids } of updates.values())
        await db.mailInvitation.updateMany({ where: { id: { in: ids } }, data });
      return changes;
    },

    /**
     * A person answered from their calendar: it already shows that answer, so the row follows it
     * and nothing is sent back.
     */
    async noteReply(subject: string, personId: number, answer: RsvpAnswerName): Promise<void> {
      await db.mailInvitation.updateMany({
        where: { subject, personId },
        data:
          answer === 'NO'
            ? { state: 'CANCELLED' }
            : { state: 'INVITED', partstat: answer === 'YES' ? 'ACCEPTED' : 'TENTATIVE' },
      });
    },

    /**
     * Whose answer a calendar reply is: the invitation sent for this UID to this address, which
     * must still be that person's confirmed address. Null with a reason otherwise.
     */
    async replyTarget(
      uid: string,
      address: string,
    ): Promise<
      | { ok: true; personId: number; coalitionId: number; subject: string; meetingNumber: number }
      | { ok: false; reason: 'unknown_uid' | 'not_invited' | 'address_changed' }
    > {
      const key = addressKey(address);
      const rows = await db.mailInvitation.findMany({ where: { uid }, select: { id: true, address: true } });
      if (rows.length === 0) return { ok: false, reason: 'unknown_uid' };
      const row = rows.find((r) => r.address === key);
      if (!row) return { ok: false, reason: 'not_invited' };
      const full = await db.mailInvitation.findUniqueOrThrow({
        where: { id: row.id },
        include: { person: { select: { erasedAt: true, mailAddress: { select: { addressKey: true } } } } },
      });
      if (full.person.erasedAt || full.person.mailAddress?.addressKey !== key)
        return { ok: false, reason: 'address_changed' };
      const meetingId = /^meeting:(\d+)$/.exec(full.subject)?.[1];
      const meeting = meetingId
        ? await db.meeting.findUnique({ where: { id: Number(meetingId) }, select: { number: true } })
        : null;
      if (!meeting) return { ok: false, reason: 'unknown_uid' };
      return {
        ok: true,
        personId: full.personId,
        coalitionId: full.coalitionId,
        subject: full.subject,
        meetingNumber: meeting.number,
      };
    },

    /** Meetings a person still plans to attend (yes or maybe), soonest first: to invite them all at once. */
    async attending(personId: number): Promise<number[]> {
      const now = clock.now().getTime();
      const rows = await db.rsvp.findMany({
        where: {
          personId,
          answer: { in: ['YES', 'MAYBE'] },
          meeting: { cancelledAt: null, startsAt: { gte: new Date(now - 24 * 3600_000) } },
        },
        select: { meeting: { select: { number: true, startsAt: true, durationMinutes: true } } },
        orderBy: { meeting: { startsAt: 'asc' } },
      });
      return rows
        .filter((r) => r.meeting.startsAt.getTime() + r.meeting.durationMinutes * 60_000 > now)
        .map((r) => r.meeting.number);
    },
  };
}
