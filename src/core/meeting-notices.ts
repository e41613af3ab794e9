// Notices about a meeting that several entry points send (a command, an answer by mail).
import type { MeetingView, Reader } from '../services/index.ts';
import { OutboxKey } from '../services/index.ts';
import type { Deliveries } from './delivery.ts';
import { Ref } from './refs.ts';
import { meetingCard } from './views.ts';

/** People a freed place went to (off the waitlist) are told they have it. */
export async function tellPromoted(deliver: Deliveries, meeting: MeetingView, people: Reader[], now: Date) {
  const id = Ref.meeting(meeting.number);
  await deliver.toPeople(
    people,
    { kind: 'meeting.promoted', key: (personId) => OutboxKey.promoted(meeting.id, personId, now) },
    (t) =>
      meetingCard(t, meeting, 'public', { lines: [t('meeting.promoted_dm', { id, title: meeting.title })] }),
  );
}
