import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.ts';
import type { JobContext } from '../../src/jobs/context.ts';
import { postDigests } from '../../src/jobs/digest.job.ts';
import { rollUpExchanges } from '../../src/jobs/exchanges.job.ts';
import { planNudges } from '../../src/jobs/nudges.job.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';
import { MemoryPlatform, type Sent } from '../helpers/memory-platform.ts';

const quiet = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);
const DAY = 86_400_000;

describe.each(PROVIDERS)('nudges, exchanges and digests on %s', (provider) => {
  let h: Harness;
  const console = new MemoryPlatform('CONSOLE', { events: false });
  const sent: Sent[] = console.sent;
  let ctx: JobContext;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
    await joined(h, 'kim', 'Judiciary', 'government');
    await joined(h, 'lee', 'Judiciary');
    await joined(h, 'ngo', 'Namati', 'civil_society');
    h.attach(console);
    ctx = h.jobs(quiet);
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'nudges the owner of a commitment silent for 90 days, once per silent period',
    async () => {
      await h.run(
        'kim',
        '/commitment log title:"Court data" member:Kenya plan:2024-2028 description:"Open court data portal." themes:justice_data',
      );
      await h.run(
        'ngo',
        '/commitment log title:"Paralegals" member:Kenya plan:2024-2028 description:"Community paralegals." themes:legal_empowerment',
      );
      h.clock.advance(89 * DAY);
      await h.run('ngo', '/commitment update C2 limited "Training started."');
      expect(await planNudges(ctx)).toBe(0);
      h.clock.advance(2 * DAY);
      expect(await planNudges(ctx)).toBe(1);
      expect(await planNudges(ctx)).toBe(0);
      await ctx.courier.deliver();
      expect(sent.map((s) => s.to.userId)).toEqual(['kim']);
      expect(sent[0]!.message.reply.title).toBe('How is C1 going?');
      expect(sent[0]!.message.reply.buttons).toEqual([
        { label: 'Update now', command: 'commitment', sub: 'update', input: { id: 'C1' }, style: 'primary' },
      ]);
      h.clock.advance(30 * DAY);
      expect(await planNudges(ctx)).toBe(0);
      h.clock.advance(61 * DAY);
      expect(await planNudges(ctx)).toBe(2); // C1 again (second period), C2 for the first time
      await h.run('lee', '/commitment update C1 substantial "Portal live."');
      h.clock.advance(DAY);
      expect(await planNudges(ctx)).toBe(0);
    },
  );

  it.skipIf(!available(provider))('rolls exchanges into days of the coalition’s zone', async () => {
    const at = (iso: string) => new Date(iso);
    const seen = (id: string, iso: string, author: string, threaded = false) =>
      h.docket.recordExchange({
        platform: 'CONSOLE',
        spaceId: 'console',
        eventId: id,
        channelId: 'general',
        authorId: author,
        threaded,
        at: at(iso),
      });
    expect(await seen('e1', '2026-12-31T22:30:00Z', 'kim')).toBe(true); // 23:30 in Paris
    expect(await seen('e2', '2026-12-31T23:30:00Z', 'ngo')).toBe(true); // 00:30 on 1 January in Paris
    expect(await seen('e3', '2026-12-31T23:40:00Z', 'ngo', true)).toBe(true);
    expect(await seen('e3', '2026-12-31T23:40:00Z', 'ngo', true)).toBe(false);
    expect(await rollUpExchanges(ctx)).toBe(3);
    expect(await rollUpExchanges(ctx)).toBe(0);
    const days = await h.db.exchangeDaily.findMany({ orderBy: [{ day: 'asc' }, { threaded: 'asc' }] });
    expect(days.map((d) => [d.day, d.orgType, d.threaded, d.count])).toEqual([
      ['2026-12-31', 'GOVERNMENT', false, 1],
      ['2027-01-01', 'CIVIL_SOCIETY', false, 1],
      ['2027-01-01', 'CIVIL_SOCIETY', true, 1],
    ]);
  });

  it.skipIf(!available(provider))(
    'posts last week’s digest to the digest channel from Monday 09:00, once',
    async () => {
      sent.length = 0;
      await h.run('sec', '/coalition settings digest_channel:secretariat');
      h.clock.current = new Date('2027-01-04T07:59:00Z'); // Monday 08:59 in Paris
      expect(await postDigests(ctx)).toBe(0);
      h.clock.current = new Date('2027-01-04T08:00:00Z');
      expect(await postDigests(ctx)).toBe(1);
      h.clock.current = new Date('2027-01-05T10:00:00Z');
      expect(await postDigests(ctx)).toBe(0);
      await ctx.courier.deliver();
      expect(sent.map((s) => s.to.channelId)).toEqual(['secretariat']);
      expect(sent[0]!.message.reply.title).toBe('Weekly digest 2026-W53');
      expect(sent[0]!.message.reply.lines).toContain('3 messages in coalition channels (0 the week before)');
    },
  );
});
