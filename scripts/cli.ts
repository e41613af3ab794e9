// Shared start-up for operator scripts: configuration, migrations, services.
import { EnvError, loadEnv } from '../src/core/env.ts';
import { createDb } from '../src/services/db/client.ts';
import { migrate, MigrationError } from '../src/services/db/migrator.ts';
import { createServices, defaultServiceConfig, systemClock } from '../src/services/index.ts';

export async function openServices() {
  const env = loadEnv();
  await migrate(env.DATABASE_URL);
  const services = createServices(
    createDb(env.DATABASE_URL),
    defaultServiceConfig({ defaultTimezone: env.DOCKET_TIMEZONE, defaultLocale: env.DOCKET_LOCALE }),
    systemClock,
  );
  return { env, services };
}

export function fail(error: unknown): never {
  const known =
    error instanceof EnvError ||
    error instanceof MigrationError ||
    (error as Error).name === 'ImportFileError' ||
    (error as Error).name === 'UsageError';
  console.error(`docket: ${known ? (error as Error).message : String((error as Error).stack ?? error)}`);
  process.exit(known ? 2 : 1);
}

export class UsageError extends Error {
  override name = 'UsageError';
}
