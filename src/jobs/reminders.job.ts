// Every minute: meeting reminders that have come due go into the outbox, once per
// (meeting, person, kind). The courier sends them; the outbox's unique keys make "once" hold across
// restarts and instances.
import { messageFor } from '../core/delivery.ts';
import { translator } from '../core/i18n/index.ts';
import { reminderCard } from '../core/views.ts';
import { OutboxKey, type OutboxItem } from '../services/index.ts';
import type { JobContext } from './context.ts';

export async function planReminders(ctx: JobContext): Promise<number> {
  const due = await ctx.services.reminders.due();
  const now = ctx.services.clock.now();
  const items: OutboxItem[] = [];
  for (const r of due) {
    const m = r.meeting;
    // A later reminder follows the earlier one in its thread, where the platform has threads.
    const earlier = r.coalition.reminderOffsets.filter((o) => o > r.offset).sort((a, b) => a - b)[0];
    for (const person of r.recipients) {
      items.push({
        coalitionId: r.coalition.id,
        key: OutboxKey.reminder(m.id, person.personId, r.offset, m.startsAt),
        kind: 'reminder',
        target: { kind: 'person', personId: person.personId },
        payload: messageFor(person, reminderCard(translator(person.locale), m, { now, personal: true })),
        ...(earlier ? { threadOf: OutboxKey.reminder(m.id, person.personId, earlier, m.startsAt) } : {}),
      });
    }
    if (r.channel) {
      const reader = { locale: r.coalition.locale, timeZone: r.coalition.timezone };
      items.push({
        coalitionId: r.coalition.id,
        key: OutboxKey.reminder(m.id, 'channel', r.offset, m.startsAt),
        kind: 'reminder',
        target: { kind: 'channel', ...r.channel },
        payload: messageFor(reader, reminderCard(translator(reader.locale), m, { now, personal: false })),
        ...(earlier ? { threadOf: OutboxKey.reminder(m.id, 'channel', earlier, m.startsAt) } : {}),
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
