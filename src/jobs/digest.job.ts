// Monday 09:00 in the coalition's zone: last week's digest to each space's digest channel, once.
import { TZDate } from '@date-fns/tz';
import { translator, type Locale } from '../core/i18n/index.ts';
import type { Reply } from '../core/reply.ts';
import { isoWeek, type OutboxItem } from '../services/index.ts';
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
    const f = await ctx.services.digests.figures(d.coalitionId, week, d.timezone);
    const locale = (['en', 'fr', 'es'].includes(d.locale) ? d.locale : 'en') as Locale;
    const t = translator(locale);
    const reply: Reply = {
      visibility: 'public',
      title: t('digest.title', { week: week.label }),
      lines: [
        t('digest.learnings', { count: f.learnings }),
        t('digest.updates', { count: f.updates }),
        t('digest.members', { count: f.members }),
        t('digest.meetings', { count: f.meetings }),
        t('digest.exchanges', { count: f.exchanges, previous: f.exchangesBefore }),
      ],
    };
    items.push({
      coalitionId: d.coalitionId,
      key: `digest:${d.coalitionId}:${week.label}:${d.platform}:${d.spaceId}`,
      kind: 'digest',
      target: { kind: 'channel', platform: d.platform, spaceId: d.spaceId, channelId: d.channelId },
      payload: { reply, locale, timeZone: d.timezone },
    });
  }
  return ctx.services.outbox.enqueue(items);
}
