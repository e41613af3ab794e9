// Wires configuration, database, services and the core together; main.ts and tests share it.
import { commands } from '../commands/index.ts';
import { bareAddress, createMailPlatform } from './adapters/mail/mail.adapter.ts';
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

/** Where mail goes when no SMTP server is set: the two-command set-up can read it there. */
export const MAIL_DIR = 'data/mail';

export async function createApp(env: Env, o: { clock?: Clock; log?: Logger } = {}): Promise<App> {
  const log = o.log ?? createLogger(env.LOG_LEVEL);
  const mailFrom = env.DOCKET_MAIL_FROM ?? 'Docket <docket@localhost>';
  const applied = await migrate(env.DATABASE_URL);
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
  const services = createServices(
    createDb(env.DATABASE_URL),
    defaultServiceConfig({
      admins: new Set(env.DOCKET_ADMINS),
      defaultTimezone: env.DOCKET_TIMEZONE,
      defaultLocale: env.DOCKET_LOCALE,
      encryptionKey: env.DOCKET_ENCRYPTION_KEY ? encryptionKey(env.DOCKET_ENCRYPTION_KEY) : undefined,
      mail: {
        from: bareAddress(mailFrom),
        publicUrl: env.DOCKET_PUBLIC_URL ?? `http://localhost:${env.PORT}`,
        fileDir: env.SMTP_URL ? null : MAIL_DIR,
      },
    }),
    o.clock ?? systemClock,
  );
  // DOCKET_ADMINS is written to the database at start: every instance then reads one secretariat.
  const promoted = await services.transaction((s) => s.secretariat.bootstrap(env.DOCKET_ADMINS));
  if (promoted > 0) log.info({ promoted }, 'secretariat bootstrapped from DOCKET_ADMINS');
  // Search keys written under an older form (before accents were folded) are re-keyed once.
  const rekeyed = await services.searchIndex.refresh();
  if (rekeyed > 0) log.info({ rows: rekeyed }, 'search keys refreshed');
  const docket = new Docket(commands, services, log);
  // Mail is one more way the core delivers: always there, over SMTP or into .eml files.
  const mail = createMailPlatform(log, {
    from: mailFrom,
    smtpUrl: env.SMTP_URL,
    dir: MAIL_DIR,
    dkim: env.DOCKET_DKIM_PRIVATE_KEY
      ? { privateKey: env.DOCKET_DKIM_PRIVATE_KEY, selector: env.DOCKET_DKIM_SELECTOR }
      : undefined,
  });
  docket.attach(mail);
  if (!env.SMTP_URL) log.info({ dir: MAIL_DIR }, 'no SMTP_URL: mail is written as .eml files');
  else if (!env.DOCKET_PUBLIC_URL)
    log.warn('SMTP_URL without DOCKET_PUBLIC_URL: unsubscribe links in mail point at localhost');
  return {
    docket,
    services,
    log,
    close: async () => {
      await mail.stop();
      await services.close();
    },
  };
}
