// Daily: the people behind a commitment silent for 90 days get one message with "Update now".
import { messageFor } from '../core/delivery.ts';
import { translator } from '../core/i18n/index.ts';
import { Ref } from '../core/refs.ts';
import type { OutboxItem } from '../services/index.ts';
import type { JobContext } from './context.ts';

export async function planNudges(ctx: JobContext): Promise<number> {
  let added = 0;
  const now = ctx.services.clock.now();
  for (const n of await ctx.services.nudges.due()) {
    const id = Ref.commitment(n.commitment.number);
    const days = Math.floor((now.getTime() - n.commitment.lastUpdateAt.getTime()) / 86_400_000);
    const items: OutboxItem[] = n.owners.map((reader) => {
      const t = translator(reader.locale);
      return {
        coalitionId: n.coalitionId,
        key: n.key(reader.personId),
        kind: 'nudge',
        target: { kind: 'person', personId: reader.personId },
        payload: messageFor(reader, {
          visibility: 'ephemeral',
          title: t('nudge.title', { id }),
          lines: [t('nudge.text', { title: n.commitment.title, days })],
          buttons: [
            {
              label: t('nudge.button'),
              command: 'commitment',
              sub: 'update',
              input: { id },
              style: 'primary',
            },
          ],
        }),
      };
    });
    await ctx.services.transaction(async (s) => {
      added += await s.outbox.enqueue(items);
      await s.nudges.markNudged(n.commitment.id);
    });
  }
  return added;
}
