// Every minute: meeting reminders that have come due go into the outbox, once per
// (meeting, person, kind). The outbox job sends them; its unique keys make "once" hold across
// restarts and instances.
import { reminderKey, type OutboxItem } from '../services/index.ts';
import type { JobContext } from './context.ts';
import { reminderPayload } from './messages.ts';

export async function planReminders(ctx: JobContext): Promise<number> {
  const due = await ctx.services.reminders.due();
  const items: OutboxItem[] = [];
  for (const r of due) {
    for (const person of r.recipients) {
      items.push({
        coalitionId: r.coalition.id,
        key: reminderKey(r.meeting.id, person.personId, r.offset, r.meeting.startsAt),
        kind: 'reminder',
        target: { kind: 'person', personId: person.personId },
        payload: reminderPayload(
          r,
          person.locale ?? r.coalition.locale,
          person.timezone ?? r.coalition.timezone,
          true,
        ),
      });
    }
    if (r.channel) {
      items.push({
        coalitionId: r.coalition.id,
        key: reminderKey(r.meeting.id, 'channel', r.offset, r.meeting.startsAt),
        kind: 'reminder',
        target: { kind: 'channel', ...r.channel },
        payload: reminderPayload(r, r.coalition.locale, r.coalition.timezone, false),
      });
    }
  }
  const fresh = await ctx.services.outbox.existingKeys(items.map((i) => i.key));
  const todo = items.filter((i) => !fresh.has(i.key));
  let added = 0;
  // One transaction per 500: one commit (one fsync on SQLite) instead of one per message.
  for (let i = 0; i < todo.length; i += 500)
    added += await ctx.services.transaction((s) => s.outbox.enqueue(todo.slice(i, i + 500)));
  if (added > 0) ctx.log.info({ job: 'reminders', added }, 'reminders planned');
  return added;
}
