// Sends what the outbox holds, through the adapter where each reader is; marks each sent, or
// failed (retried with backoff, or given up when the platform says it can never work).
import { PermanentDeliveryError, type OutboxPayload } from '../core/notify.ts';
import { reviveReply } from '../core/reply.ts';
import type { JobContext } from './context.ts';

export async function deliverOutbox(ctx: JobContext, limit = 200): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const batch = await ctx.services.outbox.claim(limit);
    if (batch.length === 0) break;
    for (const m of batch) {
      const raw = m.payload as OutboxPayload;
      const payload: OutboxPayload = { ...raw, reply: reviveReply(raw.reply) };
      try {
        if (m.target.kind === 'channel') {
          const notifier = ctx.notifiers.get(m.target.platform);
          if (!notifier) throw new PermanentDeliveryError(`no ${m.target.platform} adapter running`);
          await notifier.send({ channelId: m.target.channelId, spaceId: m.target.spaceId }, payload);
        } else {
          const contact = (await ctx.services.delivery.contacts(m.target.personId)).find((c) =>
            ctx.notifiers.has(c.platform),
          );
          if (!contact) throw new PermanentDeliveryError('person not reachable on any running platform');
          await ctx.notifiers.get(contact.platform)!.send({ userId: contact.userId }, payload);
        }
        await ctx.services.outbox.sent(m.id);
        sent++;
      } catch (error) {
        const permanent = error instanceof PermanentDeliveryError;
        await ctx.services.outbox.failed(
          m.id,
          m.attempts,
          (error as Error).message ?? String(error),
          permanent,
        );
        ctx.log.warn(
          { job: 'outbox', key: m.key, attempts: m.attempts, permanent, err: error },
          'outbox delivery failed',
        );
        failed++;
      }
    }
    if (batch.length < limit) break;
  }
  return { sent, failed };
}
