// Calendar feeds as iCalendar text: the coalition's public one (no join links, no answers) and a
// person's own (with join links and their answers, in their language).
import type { Feed } from '../services/index.ts';
import { calendarFile, meetingCalendarEvent, seriesCalendarEvents, type CalendarEvent } from './ics.ts';
import { translator } from './i18n/index.ts';

/** Clients poll a feed on their own schedule; this is the interval it asks for. */
export const FEED_REFRESH_MINUTES = 60;

export function feedCalendar(feed: Feed, kind: 'coalition' | 'personal'): string {
  const personal = kind === 'personal';
  const t = translator(personal && feed.reader ? feed.reader.locale : feed.coalition.locale);
  const note = (answer: string | null | undefined, waitlisted?: boolean) =>
    personal && answer
      ? t('feed.your_answer', {
          answer: waitlisted ? t('meeting.my_waitlist') : t(`answer.${answer}` as never),
        })
      : null;
  const events: CalendarEvent[] = [];
  for (const m of feed.meetings)
    events.push(meetingCalendarEvent(m, { links: personal, note: note(m.answer, m.waitlisted) }));
  for (const s of feed.series)
    events.push(...seriesCalendarEvents(s, { links: personal, note: note(s.answer) }));
  return calendarFile({
    name: personal ? t('feed.personal_name', { coalition: feed.coalition.name }) : feed.coalition.name,
    description: t(personal ? 'feed.personal_description' : 'feed.description', {
      coalition: feed.coalition.name,
    }),
    refreshMinutes: FEED_REFRESH_MINUTES,
    timezone: personal && feed.reader ? feed.reader.timeZone : feed.coalition.timezone,
    events,
  });
}
