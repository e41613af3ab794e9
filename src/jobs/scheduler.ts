// node-cron schedules. Each run first takes a lease in the database, so with several instances
// on one PostgreSQL only one runs a job at a time; the outbox's unique keys make every message
// once even if two runs overlap.
import { randomUUID } from 'node:crypto';
import { schedule, type ScheduledTask } from 'node-cron';
import type { JobContext } from './context.ts';
import { mailDigests, postDigests } from './digest.job.ts';
import { rollUpExchanges } from './exchanges.job.ts';
import { planMilestoneReminders } from './milestones.job.ts';
import { planNudges } from './nudges.job.ts';
import { planReminders } from './reminders.job.ts';
import { extendSeries } from './series.job.ts';

export interface Job {
  name: string;
  cron: string;
  /** How long the lease is held; runs longer than this may overlap (harmless, see above). */
  leaseMs: number;
  run(ctx: JobContext): Promise<unknown>;
}

export const JOBS: Job[] = [
  {
    name: 'minute',
    cron: '* * * * *',
    leaseMs: 50_000,
    run: async (ctx) => ({ reminders: await planReminders(ctx), ...(await ctx.courier.deliver()) }),
  },
  {
    // Hourly, so each coalition gets its digest at Monday 09:00 in its own zone.
    name: 'digest',
    cron: '5 * * * *',
    leaseMs: 30 * 60_000,
    run: async (ctx) => {
      await rollUpExchanges(ctx);
      return {
        digests: await postDigests(ctx),
        mailed: await mailDigests(ctx),
        ...(await ctx.courier.deliver()),
      };
    },
  },
  {
    name: 'daily',
    cron: '20 3 * * *',
    leaseMs: 60 * 60_000,
    run: async (ctx) => ({
      exchanges: await rollUpExchanges(ctx),
      nudges: await planNudges(ctx),
      occurrences: await extendSeries(ctx),
      milestones: await planMilestoneReminders(ctx),
      ...(await ctx.courier.deliver()),
    }),
  },
];

export class Scheduler {
  private tasks: ScheduledTask[] = [];
  private running = new Set<Promise<unknown>>();

  constructor(
    readonly ctx: JobContext,
    private readonly jobs: Job[] = JOBS,
    readonly instance: string = randomUUID(),
  ) {}

  /** Runs one job now if this instance gets its lease; returns its result, or null when another holds it. */
  async runOnce(job: Job): Promise<unknown> {
    const lease = `job:${job.name}`;
    const held = await this.ctx.services.leases
      .acquire(lease, this.instance, job.leaseMs)
      .catch((error: unknown) => {
        this.ctx.log.error({ err: error, job: job.name }, 'job lease could not be taken; skipping this run');
        return false;
      });
    if (!held) return null;
    const started = Date.now();
    // Every run's log lines carry one correlation id.
    const log = this.ctx.log.child({ job: job.name, correlationId: randomUUID().slice(0, 8) });
    try {
      const result = await job.run({ ...this.ctx, log });
      log.debug({ ms: Date.now() - started, result }, 'job done');
      return result;
    } catch (error) {
      log.error({ err: error }, 'job failed');
      return null;
    } finally {
      await this.ctx.services.leases
        .release(lease, this.instance)
        .catch((error: unknown) => log.warn({ err: error }, 'job lease not released; it will expire'));
    }
  }

  start(): void {
    for (const job of this.jobs) {
      this.tasks.push(
        schedule(
          job.cron,
          () => {
            const run = this.runOnce(job);
            this.running.add(run);
            void run.finally(() => this.running.delete(run));
          },
          { name: job.name, noOverlap: true },
        ),
      );
    }
  }

  /** Stops scheduling and waits for runs in flight. */
  async stop(): Promise<void> {
    for (const t of this.tasks) await t.stop();
    this.tasks = [];
    await Promise.allSettled([...this.running]);
  }
}
