// Wires configuration, database, services and the core together; main.ts and tests share it.
import { commands } from '../commands/index.ts';
import { Docket } from './core/docket.ts';
import type { Env } from './core/env.ts';
import { createLogger, type Logger } from './core/log.ts';
import { createDb } from './services/db/client.ts';
import { migrate } from './services/db/migrator.ts';
import {
  createServices,
  defaultServiceConfig,
  encryptionKey,
  systemClock,
  type Clock,
  type Services,
} from './services/index.ts';

export interface App {
  docket: Docket;
  services: Services;
  log: Logger;
  close(): Promise<void>;
}

export async function createApp(env: Env, o: { clock?: Clock; log?: Logger } = {}): Promise<App> {
  const log = o.log ?? createLogger(env.LOG_LEVEL);
  const applied = await migrate(env.DATABASE_URL);
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
  const services = createServices(
    createDb(env.DATABASE_URL),
    defaultServiceConfig({
      admins: new Set(env.DOCKET_ADMINS),
      defaultTimezone: env.DOCKET_TIMEZONE,
      defaultLocale: env.DOCKET_LOCALE,
      encryptionKey: env.DOCKET_ENCRYPTION_KEY ? encryptionKey(env.DOCKET_ENCRYPTION_KEY) : undefined,
      publicUrl: env.DOCKET_PUBLIC_URL,
    }),
    o.clock ?? systemClock,
  );
  const docket = new Docket(commands, services, log);
  return { docket, services, log, close: () => services.close() };
}
