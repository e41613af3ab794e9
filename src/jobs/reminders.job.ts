// Every minute: meeting reminders that have come due go into the outbox, once per
// (meeting, person, kind). The courier sends them; the outbox's unique keys make "once" hold across
// restarts and instances.
import { messageFor } from '../core/delivery.ts';
import { translator } from '../core/i18n/index.ts';
import { actionCard, attendedCard, reminderCard } from '../core/views.ts';
import { Ref } from '../core/refs.ts';
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
  items.push(...(await followUps(ctx)), ...(await actionReminders(ctx)));
  const fresh = await ctx.services.outbox.existingKeys(items.map((i) => i.key));
  const todo = items.filter((i) => !fresh.has(i.key));
  let added = 0;
  // One transaction per 500: one commit (one fsync on SQLite) instead of one per message.
  for (let i = 0; i < todo.length; i += 500)
    added += await ctx.services.transaction((s) => s.outbox.enqueue(todo.slice(i, i + 500)));
  if (added > 0) ctx.log.info({ job: 'reminders', added }, 'reminders planned');
  return added;
}

/**
 * After a meeting ends, those who planned to attend get an "I attended" button (for 48 hours), in
 * the thread of the last reminder they got where the platform has threads.
 */
async function followUps(ctx: JobContext): Promise<OutboxItem[]> {
  const items: OutboxItem[] = [];
  for (const f of await ctx.services.reminders.followUps()) {
    const m = f.meeting;
    const last = [...f.coalition.reminderOffsets].sort((a, b) => a - b)[0];
    for (const person of f.recipients)
      items.push({
        coalitionId: f.coalition.id,
        key: OutboxKey.attendance(m.id, person.personId),
        kind: 'attendance',
        target: { kind: 'person', personId: person.personId },
        payload: messageFor(person, attendedCard(translator(person.locale), m)),
        ...(last ? { threadOf: OutboxKey.reminder(m.id, person.personId, last, m.startsAt) } : {}),
      });
  }
  return items;
}

/** Action items: their owner is told the day before they are due, and once they are overdue. */
async function actionReminders(ctx: JobContext): Promise<OutboxItem[]> {
  const now = ctx.services.clock.now();
  return (await ctx.services.reminders.actions()).map((d) => {
    const t = translator(d.owner.locale);
    const id = Ref.action(d.action.number);
    const view = {
      ...d.action,
      owner: null,
      ownerId: d.owner.personId,
      doneAt: null,
      overdue: d.stage === 'overdue',
    };
    return {
      coalitionId: d.coalitionId,
      key: OutboxKey.action(d.action.id, d.stage, d.action.dueOn, d.owner.personId),
      kind: `action.${d.stage}`,
      target: { kind: 'person', personId: d.owner.personId },
      payload: messageFor(d.owner, {
        ...actionCard(t, { ...view, overdue: d.action.dueAt.getTime() <= now.getTime() }, 'ephemeral'),
        title: t(d.stage === 'due' ? 'action.due_title' : 'action.overdue_title', { id }),
        lines: [d.action.text],
      }),
    } satisfies OutboxItem;
  });
}
