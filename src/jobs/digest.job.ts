// Monday 09:00 in the coalition's zone: last week's digest to each space's digest channel, once.
import { TZDate } from '@date-fns/tz';
import { messageFor } from '../core/delivery.ts';
import { translator } from '../core/i18n/index.ts';
import { digestCard } from '../core/report-format.ts';
import { isoWeek, OutboxKey, type OutboxItem } from '../services/index.ts';
import type { JobContext } from './context.ts';

export async function postDigests(ctx: JobContext): Promise<number> {
  const now = ctx.services.clock.now();
  const items: OutboxItem[] = [];
  for (const d of await ctx.services.digests.destinations()) {
    const current = isoWeek(now, d.timezone);
    // From Monday 09:00 local on (caught up later in the week if the bot was down then).
    const monday9 = new TZDate(current.start.getTime(), d.timezone);
    monday9.setHours(9, 0, 0, 0);
    if (now.getTime() < monday9.getTime()) continue;
    const week = isoWeek(new Date(current.start.getTime() - 1), d.timezone);
    const key = OutboxKey.digest(d.coalitionId, week.label, d.platform, d.spaceId);
    if ((await ctx.services.outbox.existingKeys([key])).size > 0) continue;
    const digest = await ctx.services.digests.details(d.coalitionId, week, d.timezone);
    const reader = { locale: d.locale, timeZone: d.timezone };
    items.push({
      coalitionId: d.coalitionId,
      key,
      kind: 'digest',
      target: { kind: 'channel', platform: d.platform, spaceId: d.spaceId, channelId: d.channelId },
      payload: messageFor(reader, digestCard(translator(d.locale), digest, 'public')),
    });
  }
  return ctx.services.outbox.enqueue(items);
}
