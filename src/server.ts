// The long-running bot: HTTP (health, Slack, API), platform adapters, jobs; and its orderly stop.
import { randomUUID } from 'node:crypto';
import type { App } from './app.ts';
import { createDiscordAdapter } from './adapters/discord/discord.adapter.ts';
import { GatewayLeader } from './adapters/discord/gateway-lease.ts';
import { createSlackAdapter } from './adapters/slack/slack.adapter.ts';
import type { Env } from './core/env.ts';
import type { Notifier } from './core/notify.ts';
import { apiRoutes } from './http/api.routes.ts';
import { staticTokenAuth } from './http/bearer.middleware.ts';
import { createHttpServer, listen } from './http/server.ts';
import { slackMount } from './http/slack.mount.ts';
import { Scheduler } from './jobs/scheduler.ts';
import type { PlatformName } from './services/index.ts';

export interface Running {
  port: number;
  instance: string;
  /** Stops taking work, finishes what is in flight, releases leases, closes everything. */
  stop(): Promise<void>;
}

export async function startServer(
  app: App,
  env: Env,
  o: { console?: Notifier; discordLease?: { ttlMs: number; renewMs: number } } = {},
): Promise<Running> {
  const { log } = app;
  const instance = randomUUID();
  const oauth =
    env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET
      ? {
          clientId: env.SLACK_CLIENT_ID,
          clientSecret: env.SLACK_CLIENT_SECRET,
          stateSecret: env.SLACK_STATE_SECRET,
        }
      : undefined;
  const slack =
    env.SLACK_SIGNING_SECRET && (env.SLACK_BOT_TOKEN || oauth)
      ? createSlackAdapter(app.docket, log, {
          signingSecret: env.SLACK_SIGNING_SECRET,
          botToken: env.SLACK_BOT_TOKEN,
          oauth,
          appToken: env.SLACK_APP_TOKEN,
          apiUrl: env.SLACK_API_URL,
        })
      : undefined;
  const discord = env.DISCORD_TOKEN
    ? createDiscordAdapter(app.docket, log, { token: env.DISCORD_TOKEN, apiUrl: env.DISCORD_API_URL })
    : undefined;
  const gateway = discord
    ? new GatewayLeader(app.services, instance, discord, log, o.discordLease)
    : undefined;

  let accepting = true;
  const server = createHttpServer({
    ready: async () => {
      if (!accepting) throw new Error('shutting down');
      await app.services.ping();
    },
    log,
    routes: [
      apiRoutes({
        services: app.services,
        log,
        auth: env.DOCKET_API_TOKEN ? staticTokenAuth(env.DOCKET_API_TOKEN) : undefined,
      }),
    ],
    raw: slack ? [slackMount((req, res) => slack.route(req, res), { oauth: Boolean(oauth) })] : [],
  });
  const port = await listen(server, env.PORT);
  await slack?.start();
  await gateway?.start();

  const notifiers = new Map<PlatformName, Notifier>();
  if (slack) notifiers.set('SLACK', slack.notifier);
  if (discord) notifiers.set('DISCORD', discord.notifier);
  if (o.console) notifiers.set('CONSOLE', o.console);
  const scheduler = new Scheduler({ services: app.services, log, notifiers }, undefined, instance);
  scheduler.start();
  log.info({ port, instance, slack: Boolean(slack), discord: Boolean(discord) }, 'docket listening');

  let stopping: Promise<void> | undefined;
  return {
    port,
    instance,
    stop() {
      stopping ??= (async () => {
        accepting = false;
        // No new connections; requests already received still get their answers.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await scheduler.stop().catch((error: unknown) => log.error({ err: error }, 'scheduler stop failed'));
        await gateway?.stop().catch((error: unknown) => log.error({ err: error }, 'discord stop failed'));
        await app.docket.drain();
        await slack?.stop().catch(() => undefined);
        await closed;
        await app.close();
        log.info({ instance }, 'docket stopped');
      })();
      return stopping;
    },
  };
}
