// The long-running bot: HTTP (health, platforms' requests, API), the configured platforms, jobs;
// and its orderly stop.
import { randomUUID } from 'node:crypto';
import type { App } from './app.ts';
import { PLATFORMS } from './adapters/index.ts';
import type { PlatformAdapter, PlatformRegistration } from './adapters/registration.ts';
import type { Env } from './core/env.ts';
import type { Platform } from './core/platform.ts';
import { SingletonLease } from './core/singleton.ts';
import { apiRoutes } from './http/api.routes.ts';
import { openDataRoutes } from './http/open-data.routes.ts';
import { apiAuth } from './http/bearer.middleware.ts';
import { calendarRoutes } from './http/calendar.routes.ts';
import { mailRoutes } from './http/mail.routes.ts';
import { createHttpServer, listen } from './http/server.ts';
import { Scheduler } from './jobs/scheduler.ts';

export interface Running {
  port: number;
  instance: string;
  /** The platforms running here, by name. */
  platforms: ReadonlyMap<string, Platform>;
  /** Stops taking work, finishes what is in flight, releases leases, closes everything. */
  stop(): Promise<void>;
}

export async function startServer(
  app: App,
  env: Env,
  o: {
    /** Platforms started by the caller (the console), attached as they are. */
    extra?: Platform[];
    singletonLease?: { ttlMs: number; renewMs: number };
    /** Run without HTTP when the port is taken (the console chat needs none). */
    httpOptional?: boolean;
    registrations?: readonly PlatformRegistration[];
  } = {},
): Promise<Running> {
  const { log, docket } = app;
  const instance = randomUUID();
  const adapters: { adapter: PlatformAdapter; lease?: SingletonLease }[] = [];
  for (const registration of o.registrations ?? PLATFORMS) {
    const options = registration.configure(env);
    if (options === null) continue;
    const adapter = await registration.create(docket, log, options);
    docket.attach(adapter);
    adapters.push({
      adapter,
      ...(registration.singleton
        ? { lease: new SingletonLease(app.services, instance, adapter, log, o.singletonLease) }
        : {}),
    });
  }
  for (const platform of o.extra ?? []) docket.attach(platform);

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
        auth: apiAuth(env.DOCKET_API_TOKEN, app.services),
        // DOCKET_API_TOKEN is the bootstrap; a per-person token turns the API on by itself.
        active: env.DOCKET_API_TOKEN ? undefined : () => app.services.tokens.any(),
      }),
      mailRoutes({
        docket,
        log,
        inboundSecret: env.DOCKET_INBOUND_MAIL_SECRET,
        locale: env.DOCKET_LOCALE,
      }),
      calendarRoutes({ services: app.services, log }),
      openDataRoutes({ services: app.services }),
    ],
    // Platforms' own requests (Slack's, signed over the raw body) reach their adapters untouched.
    raw: adapters.flatMap(({ adapter }) => (adapter.http ? [adapter.http] : [])),
  });
  let port = 0;
  try {
    port = await listen(server, env.PORT);
  } catch (error) {
    if (!o.httpOptional || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    log.warn({ port: env.PORT }, 'port taken: running without HTTP (health checks and the API are off)');
  }
  for (const { adapter, lease } of adapters) await (lease ? lease.start() : adapter.start());

  const scheduler = new Scheduler(
    { services: app.services, log, courier: docket.courier },
    undefined,
    instance,
  );
  scheduler.start();
  log.info({ port, instance, platforms: [...docket.platforms.keys()] }, 'docket listening');

  let stopping: Promise<void> | undefined;
  return {
    port,
    instance,
    platforms: docket.platforms,
    stop() {
      stopping ??= (async () => {
        accepting = false;
        // No new connections; requests already received still get their answers.
        const closed = port
          ? new Promise<void>((resolve) => server.close(() => resolve()))
          : Promise.resolve();
        server.closeIdleConnections();
        await scheduler.stop().catch((error: unknown) => log.error({ err: error }, 'scheduler stop failed'));
        for (const { adapter, lease } of adapters) {
          if (lease)
            await lease
              .stop()
              .catch((error: unknown) =>
                log.error({ err: error, platform: adapter.name }, 'platform stop failed'),
              );
        }
        await docket.drain();
        for (const { adapter, lease } of adapters) {
          if (!lease)
            await adapter
              .stop()
              .catch((error: unknown) =>
                log.error({ err: error, platform: adapter.name }, 'platform stop failed'),
              );
        }
        await closed;
        await app.close();
        log.info({ instance }, 'docket stopped');
      })();
      return stopping;
    },
  };
}
