// Daily: every live series gets its occurrences created up to 90 days ahead (each a meeting with its
// own M id), and each new occurrence is mirrored on the platforms that keep events (Discord).
import { deliveries } from '../core/delivery.ts';
import { meetingEvent } from '../core/views.ts';
import type { JobContext } from './context.ts';

export async function extendSeries(ctx: JobContext): Promise<number> {
  let created = 0;
  await ctx.services.transaction(async (s) => {
    for (const group of await s.series.extendAll()) {
      created += group.created.length;
      // Mirrored events need only the coalition's id: nothing here is written in a language.
      const coalition = { id: group.coalitionId, name: '', locale: 'en' as const, timezone: 'UTC' };
      const deliver = deliveries(s, coalition, ctx.courier.platforms);
      for (const m of group.created) await deliver.mirror(meetingEvent(m));
    }
  });
  if (created > 0) ctx.log.info({ job: 'series', created }, 'series occurrences created');
  return created;
}
