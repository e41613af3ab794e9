import type { ServiceDeps } from './context.ts';
import { toMeetingSummary, type MeetingSummary } from './meeting.service.ts';
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

    /** People who said yes or maybe to a meeting (to tell them of a cancellation). */
    async attendees(meetingId: number): Promise<Recipient[]> {
      const rows = await db.rsvp.findMany({
        where: { meetingId, answer: { in: ['YES', 'MAYBE'] }, person: { erasedAt: null } },
        select: { observer: true, person: { select: READER_SELECT } },
      });
      return rows.map((r) => ({ ...toReader(r.person), observer: r.observer }));
    },
  };
}
