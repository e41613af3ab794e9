import { atLocal } from '../core/recurrence.ts';
import type { ServiceDeps } from './context.ts';
import { ATTENDANCE_WINDOW_MS, toMeetingSummary, type MeetingSummary } from './meeting.service.ts';
import { READER_SELECT, toCoalitionView, toReader } from './people.service.ts';
import type { CoalitionView, PlatformName, Reader } from './types.ts';

/** Someone who said yes or maybe, and how to write to them. */
export interface Recipient extends Reader {
  observer: boolean;
}

export interface DueReminder {
  coalition: CoalitionView;
  meeting: MeetingSummary;
  /** Minutes before the start this reminder stands for (1440, 60…). */
  offset: number;
  recipients: Recipient[];
  channel: { platform: PlatformName; spaceId: string; channelId: string } | null;
}

/** A meeting that ended, and those to ask whether they attended. */
export interface FollowUp {
  coalition: CoalitionView;
  meeting: MeetingSummary;
  recipients: Recipient[];
}

/** An action item its owner hears of: due tomorrow, or overdue. */
export interface DueAction {
  coalitionId: number;
  action: { id: number; number: number; text: string; dueOn: string; dueAt: Date; meeting: number | null };
  owner: Reader;
  stage: 'due' | 'overdue';
}

/** An overdue action item missed while the bot was down is still told within this. */
const OVERDUE_WINDOW_MS = 7 * 86_400_000;

export function reminderService({ db, clock }: ServiceDeps) {
  return {
    /**
     * Reminders due now: for each meeting not cancelled and not started, the closest offset whose
     * time has come (a 24-hour reminder missed while the bot was down is not sent next to the
     * 1-hour one), to every YES/MAYBE answer and the meeting's channel.
     */
    async due(): Promise<DueReminder[]> {
      const now = clock.now();
      const coalitions = await db.coalition.findMany();
      const out: DueReminder[] = [];
      for (const c of coalitions) {
        const coalition = toCoalitionView(c);
        const offsets = [...coalition.reminderOffsets].sort((a, b) => a - b);
        if (offsets.length === 0) continue;
        const horizon = new Date(now.getTime() + offsets.at(-1)! * 60_000);
        const meetings = await db.meeting.findMany({
          where: { coalitionId: c.id, cancelledAt: null, startsAt: { gt: now, lte: horizon } },
          include: { chatSpace: true },
          orderBy: { startsAt: 'asc' },
        });
        if (meetings.length === 0) continue;
        const rsvps = await db.rsvp.findMany({
          where: {
            meetingId: { in: meetings.map((m) => m.id) },
            answer: { in: ['YES', 'MAYBE'] },
            // Those waiting for a place are not reminded as attending.
            waitlistedAt: null,
            person: { erasedAt: null },
          },
          select: {
            meetingId: true,
            personId: true,
            observer: true,
            person: { select: READER_SELECT },
          },
        });
        const byMeeting = new Map<number, Recipient[]>();
        for (const r of rsvps) {
          const list = byMeeting.get(r.meetingId) ?? [];
          list.push({ ...toReader(r.person), observer: r.observer });
          byMeeting.set(r.meetingId, list);
        }
        for (const m of meetings) {
          const minutesLeft = (m.startsAt.getTime() - now.getTime()) / 60_000;
          const offset = offsets.find((o) => minutesLeft <= o);
          if (offset === undefined) continue;
          out.push({
            coalition,
            meeting: toMeetingSummary(m),
            offset,
            recipients: byMeeting.get(m.id) ?? [],
            channel:
              m.channelId && m.chatSpace
                ? { platform: m.chatSpace.platform, spaceId: m.chatSpace.externalId, channelId: m.channelId }
                : null,
          });
        }
      }
      return out;
    },

    /**
     * Meetings that ended within the last 48 hours, with those who planned to attend and have not
     * said they attended yet: each gets one "I attended" follow-up.
     */
    async followUps(): Promise<FollowUp[]> {
      const now = clock.now();
      // Durations are at most a day: anything that ended in the window started after this.
      const rows = await db.meeting.findMany({
        where: {
          cancelledAt: null,
          startsAt: { gte: new Date(now.getTime() - ATTENDANCE_WINDOW_MS - 24 * 3600_000), lt: now },
        },
        include: { coalition: true },
        orderBy: { startsAt: 'asc' },
      });
      const ended = rows.filter((m) => {
        const end = m.startsAt.getTime() + m.durationMinutes * 60_000;
        return end <= now.getTime() && end + ATTENDANCE_WINDOW_MS > now.getTime();
      });
      if (ended.length === 0) return [];
      // One read for all of them: who planned to attend and has not said they did.
      const rsvps = await db.rsvp.findMany({
        where: {
          meetingId: { in: ended.map((m) => m.id) },
          answer: { in: ['YES', 'MAYBE'] },
          waitlistedAt: null,
          person: { erasedAt: null },
        },
        select: { meetingId: true, personId: true, observer: true, person: { select: READER_SELECT } },
      });
      const done = new Set(
        (
          await db.attendance.findMany({
            where: { meetingId: { in: ended.map((m) => m.id) } },
            select: { meetingId: true, personId: true },
          })
        ).map((a) => `${a.meetingId}:${a.personId}`),
      );
      const out: FollowUp[] = [];
      for (const m of ended) {
        const recipients = rsvps
          .filter((r) => r.meetingId === m.id && !done.has(`${m.id}:${r.personId}`))
          .map((r) => ({ ...toReader(r.person), observer: r.observer }));
        if (recipients.length === 0) continue;
        out.push({ coalition: toCoalitionView(m.coalition), meeting: toMeetingSummary(m), recipients });
      }
      return out;
    },

    /**
     * Open action items whose owner should hear of them now: the day before they are due (from
     * 09:00 in the coalition's zone) and once overdue (for a week, if the bot was down).
     */
    async actions(): Promise<DueAction[]> {
      const now = clock.now();
      const rows = await db.actionItem.findMany({
        where: {
          doneAt: null,
          owner: { erasedAt: null },
          dueAt: {
            gt: new Date(now.getTime() - OVERDUE_WINDOW_MS),
            lte: new Date(now.getTime() + 41 * 3600_000),
          },
        },
        include: { owner: { select: READER_SELECT }, coalition: true, meeting: { select: { number: true } } },
        orderBy: { dueAt: 'asc' },
      });
      const out: DueAction[] = [];
      for (const a of rows) {
        if (!a.owner) continue;
        const zone = a.coalition.timezone;
        const dayBefore = new Date(Date.parse(`${a.dueOn}T12:00:00Z`) - 86_400_000)
          .toISOString()
          .slice(0, 10);
        const stage: DueAction['stage'] | null =
          now.getTime() >= a.dueAt.getTime()
            ? 'overdue'
            : now.getTime() >= atLocal(dayBefore, 9, 0, zone).getTime()
              ? 'due'
              : null;
        if (!stage) continue;
        out.push({
          coalitionId: a.coalitionId,
          action: {
            id: a.id,
            number: a.number,
            text: a.text,
            dueOn: a.dueOn,
            dueAt: a.dueAt,
            meeting: a.meeting?.number ?? null,
          },
          owner: toReader(a.owner),
          stage,
        });
      }
      return out;
    },

    /** People who said yes or maybe to a meeting (to tell them of a cancellation). */
    async attendees(meetingId: number): Promise<Recipient[]> {
      const rows = await db.rsvp.findMany({
        where: {
          meetingId,
          answer: { in: ['YES', 'MAYBE'] },
          waitlistedAt: null,
          person: { erasedAt: null },
        },
        select: { observer: true, person: { select: READER_SELECT } },
      });
      return rows.map((r) => ({ ...toReader(r.person), observer: r.observer }));
    },
  };
}
