// Reminders exactly once, with an injected clock and no waiting, on SQLite and PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../src/core/platform.ts';
import { Docket } from '../../src/core/docket.ts';
import { commands } from '../../commands/index.ts';
import { createDb } from '../../src/services/db/client.ts';
import { createServices, defaultServiceConfig } from '../../src/services/index.ts';
import { createLogger } from '../../src/core/log.ts';
import { planReminders } from '../../src/jobs/reminders.job.ts';
import { Scheduler, JOBS } from '../../src/jobs/scheduler.ts';
import type { JobContext } from '../../src/jobs/context.ts';
import { available, freshDatabase, PROVIDERS, type Provider } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';
import { MemoryPlatform } from '../helpers/memory-platform.ts';

const quiet = createLogger('error', {
  write: (l: string) => (process.env.DEBUG_JOBS && console.log(l), true),
} as unknown as NodeJS.WritableStream);

async function setup(provider: Provider) {
  const h = await harness(provider); // coalition zone Europe/Paris, reminders 1440 and 60 minutes
  await joined(h, 'org', 'Ministry', 'government');
  await joined(h, 'ann', 'Ministry');
  await joined(h, 'bob', 'Namati', 'civil_society');
  await joined(h, 'obs', 'Watch', 'civil_society', 'observer');
  // The console people are reached through a recording platform standing in for the console.
  const notifier = new MemoryPlatform('CONSOLE', { events: false });
  h.attach(notifier);
  return { h, notifier, ctx: h.jobs(quiet) };
}

async function tick(ctx: JobContext) {
  await planReminders(ctx);
  return ctx.courier.deliver();
}

describe.each(PROVIDERS)('meeting reminders on %s', (provider) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it.skipIf(!available(provider))(
    'sends each reminder once, 24 h and 1 h before, to YES and MAYBE only',
    async () => {
      const s = await setup(provider);
      h = s.h;
      // Clock: 2026-11-27 12:00 UTC. Meeting 2026-11-30 10:00 Paris = 09:00 UTC.
      await h.run(
        'org',
        '/meeting schedule title:"Weekly" start:"2026-11-30 10:00" link:https://meet.example.org/w',
      );
      await h.run('ann', '/meeting rsvp M1 yes');
      await h.run('bob', '/meeting rsvp M1 maybe');
      await h.run('obs', '/meeting rsvp M1 no');
      await tick(s.ctx);
      expect(s.notifier.sent).toEqual([]);
      h.clock.current = new Date('2026-11-29T09:00:00Z'); // exactly 24 h before
      await tick(s.ctx);
      await tick(s.ctx);
      expect(s.notifier.people.map((x) => x.to.userId).sort()).toEqual(['ann', 'bob']);
      expect(s.notifier.sent.filter((x) => x.to.channelId === 'console')).toHaveLength(1);
      const first = s.notifier.to('ann')[0]!.message;
      expect(first.reply.title).toBe('Reminder: M1 · Weekly');
      expect(first.reply.lines?.[0]).toBe('Starts in 1 day.');
      expect(first.reply.buttons?.map((b) => b.input)).toEqual([
        { id: 'M1', answer: 'yes' },
        { id: 'M1', answer: 'maybe' },
        { id: 'M1', answer: 'no' },
        { id: 'M1' }, // add to calendar: a reminder is the meeting's own card
      ]);
      h.clock.current = new Date('2026-11-30T08:10:00Z');
      await tick(s.ctx);
      await tick(s.ctx);
      expect(s.notifier.to('ann').map((x) => x.message.reply.lines?.[0])).toEqual([
        'Starts in 1 day.',
        'Starts in 50 minutes.',
      ]);
      h.clock.current = new Date('2026-11-30T09:30:00Z');
      await tick(s.ctx);
      expect(s.notifier.people).toHaveLength(4);
      expect(s.notifier.sent).toHaveLength(6);
    },
  );

  it.skipIf(!available(provider))(
    'after downtime, sends the missed reminder late if the meeting has not started, never after',
    async () => {
      const s = await setup(provider);
      h = s.h;
      await h.run(
        'org',
        '/meeting schedule title:"Down" start:"2026-11-30 10:00" link:https://meet.example.org/d',
      );
      await h.run(
        'org',
        '/meeting schedule title:"Missed" start:"2026-11-28 10:00" link:https://meet.example.org/m',
      );
      await h.run('ann', '/meeting rsvp M1 yes');
      await h.run('ann', '/meeting rsvp M2 yes');
      // The bot was down from before the 24 h mark of M1 until 30 minutes before it; M2 is long over.
      h.clock.current = new Date('2026-11-30T08:30:00Z');
      await h.restart();
      await tick(s.ctx);
      await tick(s.ctx);
      // (M2 ended within 48 hours: it gets its "I attended" follow-up, never a reminder.)
      expect(
        s.notifier
          .to('ann')
          .map((x) => [x.message.reply.title, x.message.reply.lines?.[0]])
          .filter(([title]) => String(title).startsWith('Reminder')),
      ).toEqual([['Reminder: M1 · Down', 'Starts in 30 minutes.']]);
    },
  );

  it.skipIf(!available(provider))(
    'says how long is really left: a meeting set 65 minutes ahead gets "65 minutes", not "1 day"',
    async () => {
      const s = await setup(provider);
      h = s.h;
      // 12:00 UTC now; 14:05 Paris is 13:05 UTC, 65 minutes ahead: the 24 h window has passed,
      // the 1 h one has not come yet, so the first reminder (the late 24 h one) goes now.
      await h.run(
        'org',
        '/meeting schedule title:"Soon" start:"2026-11-27 14:05" link:https://meet.example.org/s',
      );
      await h.run('ann', '/meeting rsvp M1 yes');
      await tick(s.ctx);
      expect(s.notifier.to('ann').map((x) => x.message.reply.lines?.[0])).toEqual(['Starts in 65 minutes.']);
      // The channel's 1 h reminder follows the earlier one in its thread.
      h.clock.current = new Date('2026-11-27T12:06:00Z');
      await tick(s.ctx);
      const channel = s.notifier.sent.filter((x) => x.to.channelId === 'console');
      expect(channel.map((x) => x.message.reply.lines?.[0])).toEqual([
        'Starts in 65 minutes.',
        'Starts in 59 minutes.',
      ]);
      expect(channel[1]!.to.thread).toEqual(channel[0]!.ref);
    },
  );

  it.skipIf(!available(provider))('keeps wall-clock time across a daylight-saving change', async () => {
    const s = await setup(provider);
    h = s.h;
    h.clock.current = new Date('2027-03-20T12:00:00Z');
    // Paris moves to summer time on 28 March 2027 at 02:00: 10:00 that day is 08:00 UTC.
    await h.run(
      'org',
      '/meeting schedule title:"After the change" start:"2027-03-28 10:00" link:https://meet.example.org/x',
    );
    await h.run('ann', '/meeting rsvp M1 yes');
    h.clock.current = new Date('2027-03-27T07:59:00Z');
    await tick(s.ctx);
    expect(s.notifier.sent).toEqual([]);
    h.clock.current = new Date('2027-03-27T08:00:00Z');
    await tick(s.ctx);
    expect(s.notifier.people).toHaveLength(1);
    expect(s.notifier.people[0]!.message.reply.fields?.[0]?.value).toEqual([
      { time: new Date('2027-03-28T08:00:00Z') },
    ]);
  });

  it.skipIf(!available(provider))(
    'sends none for a cancelled meeting, and tells attendees it is cancelled',
    async () => {
      const s = await setup(provider);
      h = s.h;
      await h.run(
        'org',
        '/meeting schedule title:"Cancelled" start:"2026-11-30 10:00" link:https://meet.example.org/c',
      );
      await h.run('ann', '/meeting rsvp M1 yes');
      await h.run('bob', '/meeting rsvp M1 no');
      expect((await h.run('org', '/meeting cancel M1 reason:"Postponed"')).ok).toBe(true);
      h.clock.current = new Date('2026-11-30T08:30:00Z');
      await tick(s.ctx);
      expect(s.notifier.sent.map((x) => [x.to.userId, x.message.reply.lines?.[0]])).toEqual([
        ['ann', 'Cancelled (M1) is cancelled.'],
      ]);
    },
  );

  it.skipIf(!available(provider))(
    're-plans reminders for a moved meeting and tells its attendees',
    async () => {
      const s = await setup(provider);
      h = s.h;
      await h.run(
        'org',
        '/meeting schedule title:"Moving" start:"2026-11-28 12:30" link:https://meet.example.org/mv',
      );
      await h.db.meeting.updateMany({ data: { channelId: null } });
      await h.run('ann', '/meeting rsvp M1 yes');
      await tick(s.ctx); // the 24 h reminder for the first time
      expect(s.notifier.people.map((x) => x.message.reply.lines?.[0])).toEqual(['Starts in 1 day.']);
      expect((await h.run('bob', '/meeting reschedule M1 start:"2026-12-01 10:00"')).reply.lines).toEqual([
        'Only the organiser of M1 or the secretariat can move it.',
      ]);
      const moved = await h.run('org', '/meeting reschedule M1 start:"2026-12-01 10:00"');
      expect(moved.reply.lines?.[0]).toBe('Meeting M1 moved; 1 person who planned to attend will be told.');
      await s.ctx.courier.deliver();
      expect(s.notifier.people.map((x) => x.message.reply.lines?.[0])).toEqual([
        'Starts in 1 day.',
        'Moving (M1) has a new time.',
      ]);
      expect((await h.db.meeting.findFirstOrThrow()).sequence).toBe(1);
      h.clock.current = new Date('2026-11-30T09:00:00Z'); // 24 h before the new start
      await tick(s.ctx);
      expect(s.notifier.people.map((x) => x.message.reply.lines?.[0])).toEqual([
        'Starts in 1 day.',
        'Moving (M1) has a new time.',
        'Starts in 1 day.',
      ]);
    },
  );

  it.skipIf(!available(provider))(
    'retries a transient failure with backoff and gives up on a permanent one',
    async () => {
      const s = await setup(provider);
      h = s.h;
      await h.run(
        'org',
        '/meeting schedule title:"Flaky" start:"2026-11-27 14:00" link:https://meet.example.org/f',
      );
      await h.db.meeting.updateMany({ data: { channelId: null } }); // direct messages only here
      await h.run('ann', '/meeting rsvp M1 yes');
      await h.run('bob', '/meeting rsvp M1 yes');
      s.notifier.failNext = [new Error('429 rate limited'), new PermanentDeliveryError('DMs closed')];
      expect(await tick(s.ctx)).toEqual({ sent: 0, failed: 2 });
      expect(await s.ctx.courier.deliver()).toEqual({ sent: 0, failed: 0 }); // backing off
      h.clock.advance(31_000);
      expect(await s.ctx.courier.deliver()).toEqual({ sent: 1, failed: 0 });
      h.clock.advance(3600_000);
      expect(await s.ctx.courier.deliver()).toEqual({ sent: 0, failed: 0 });
      expect(await h.services.outbox.counts()).toEqual({ SENT: 1, FAILED: 1 });
    },
  );

  it.skipIf(!available(provider))(
    'sends a claimed message once even when the claiming process died before sending',
    async () => {
      const s = await setup(provider);
      h = s.h;
      await h.run(
        'org',
        '/meeting schedule title:"Crash" start:"2026-11-27 13:30" link:https://meet.example.org/z',
      );
      await h.db.meeting.updateMany({ data: { channelId: null } });
      await h.run('ann', '/meeting rsvp M1 yes');
      await planReminders(s.ctx);
      const claimed = await h.services.outbox.claim(10); // ...and the process dies here
      expect(claimed).toHaveLength(1);
      expect(await s.ctx.courier.deliver()).toEqual({ sent: 0, failed: 0 }); // a fresh claim is not stolen
      h.clock.advance(2 * 60_000 + 1);
      expect(await s.ctx.courier.deliver()).toEqual({ sent: 1, failed: 0 });
      expect(await s.ctx.courier.deliver()).toEqual({ sent: 0, failed: 0 });
      expect(s.notifier.sent).toHaveLength(1);
    },
  );
});

describe.skipIf(!available('postgresql'))('two schedulers racing on one PostgreSQL', () => {
  it('deliver every reminder exactly once', async () => {
    const database = await freshDatabase('postgresql');
    const h = await harness('postgresql', { db: database });
    try {
      await joined(h, 'org', 'Ministry', 'government');
      for (let m = 1; m <= 5; m++)
        await h.run(
          'org',
          `/meeting schedule title:"Meeting ${m}" start:"2026-11-27 13:${10 + m}" link:https://meet.example.org/${m}`,
        );
      for (let p = 0; p < 30; p++) {
        await joined(h, `p${p}`, 'Ministry');
        for (let m = 1; m <= 5; m++)
          await h.run(`p${p}`, `/meeting rsvp M${m} ${p % 3 === 0 ? 'maybe' : 'yes'}`);
      }
      const notifier = new MemoryPlatform('CONSOLE', { events: false });
      const instances = [0, 1].map(() => {
        const services = createServices(createDb(database.url), defaultServiceConfig(), h.clock);
        const docket = new Docket(commands, services, quiet);
        docket.attach(notifier);
        return new Scheduler({ services, log: quiet, courier: docket.courier });
      });
      const minute = JOBS.find((j) => j.name === 'minute')!;
      // Both instances run the minute job at once, several times over.
      for (let round = 0; round < 3; round++) await Promise.all(instances.map((i) => i.runOnce(minute)));
      // The lease lets one run at a time; racing plain runs (no lease) must not duplicate either.
      const ctxs = instances.map((i) => (i as unknown as { ctx: JobContext }).ctx);
      await Promise.all(ctxs.map((c) => tick(c)));
      await Promise.all(ctxs.map((c) => tick(c)));
      const keys = notifier.sent.map((x) => `${x.to.userId ?? x.to.channelId}:${x.message.reply.title}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toHaveLength(5 * 30 + 5);
      for (const c of ctxs) await c.services.close();
    } finally {
      await h.close();
      await database.drop();
    }
  }, 60_000);
});
