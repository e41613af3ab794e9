// Daily: the owners of a commitment hear of an open milestone a week before its due day and on it.
import { messageFor } from '../core/delivery.ts';
import { translator } from '../core/i18n/index.ts';
import { Ref } from '../core/refs.ts';
import { formatDay } from '../core/views.ts';
import type { OutboxItem } from '../services/index.ts';
import type { JobContext } from './context.ts';

export async function planMilestoneReminders(ctx: JobContext): Promise<number> {
  const items: OutboxItem[] = [];
  for (const d of await ctx.services.milestones.due()) {
    const id = Ref.commitment(d.commitment.number);
    for (const reader of d.owners) {
      const t = translator(reader.locale);
      items.push({
        coalitionId: d.coalitionId,
        key: d.key(reader.personId),
        kind: `milestone.${d.stage}`,
        target: { kind: 'person', personId: reader.personId },
        payload: messageFor(reader, {
          visibility: 'ephemeral',
          title: t(d.stage === 'due' ? 'milestone.reminder_due' : 'milestone.reminder_soon', { id }),
          lines: [
            t('milestone.reminder_text', {
              number: d.milestone.number,
              title: d.milestone.title,
              commitment: d.commitment.title,
              id,
              date: formatDay(t, d.milestone.dueDate!),
            }),
          ],
          buttons: [
            {
              label: t('milestone.done_button'),
              command: 'commitment',
              sub: 'milestone-done',
              input: { id, milestone: String(d.milestone.number) },
              style: 'primary',
            },
          ],
        }),
      });
    }
  }
  // The keys make each reminder once, however often this runs.
  return items.length ? ctx.services.outbox.enqueue(items) : 0;
}
