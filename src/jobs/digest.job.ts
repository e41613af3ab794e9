// Monday 09:00 in the coalition's zone: last week's digest to each space's digest channel, once.
import { TZDate } from '@date-fns/tz';
import { messageFor } from '../core/delivery.ts';
import { translator } from '../core/i18n/index.ts';
import { digestMail } from '../core/mail-cards.ts';
import { digestCard, type Digest } from '../core/report-format.ts';
import { isoWeek, OutboxKey, type OutboxItem, type WeekRange } from '../services/index.ts';
import type { JobContext } from './context.ts';

/** From Monday 09:00 in `zone` on, the week before this one; null before then. */
function weekDue(now: Date, zone: string): WeekRange | null {
  const current = isoWeek(now, zone);
  // From Monday 09:00 local on (caught up later in the week if the bot was down then).
  const monday9 = new TZDate(current.start.getTime(), zone);
  monday9.setHours(9, 0, 0, 0);
  if (now.getTime() < monday9.getTime()) return null;
  return isoWeek(new Date(current.start.getTime() - 1), zone);
}

export async function postDigests(ctx: JobContext): Promise<number> {
  const now = ctx.services.clock.now();
  const items: OutboxItem[] = [];
  for (const d of await ctx.services.digests.destinations()) {
    const week = weekDue(now, d.timezone);
    if (!week) continue;
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

/**
 * The same digest by mail to everyone who asked for it (the secretariat by default), each in
 * their language and zone, with a one-click way out; once per week and person.
 */
export async function mailDigests(ctx: JobContext): Promise<number> {
  const now = ctx.services.clock.now();
  const items: OutboxItem[] = [];
  for (const { coalition, readers } of await ctx.services.mail.digestReaders()) {
    const week = weekDue(now, coalition.timezone);
    if (!week) continue;
    const keys = readers.map((r) => OutboxKey.digestMail(coalition.id, week.label, r.personId));
    const done = await ctx.services.outbox.existingKeys(keys);
    const due = readers.filter((_, i) => !done.has(keys[i]!));
    if (due.length === 0) continue;
    // The week is counted in the coalition's zone, once; each reader sees times in their own.
    const digest: Digest = await ctx.services.digests.details(coalition.id, week, coalition.timezone);
    for (const reader of due) {
      const t = translator(reader.locale);
      const reply = digestMail(t, digestCard(t, digest, 'public'), {
        coalition: coalition.name,
        unsubscribe: reader.unsubscribe,
      });
      items.push({
        coalitionId: coalition.id,
        key: OutboxKey.digestMail(coalition.id, week.label, reader.personId),
        kind: 'digest.mail',
        target: { kind: 'mail', personId: reader.personId, address: reader.address },
        payload: messageFor(reader, reply, { unsubscribe: reader.unsubscribe }),
      });
    }
  }
  return ctx.services.outbox.enqueue(items);
}
