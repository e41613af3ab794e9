import type { DbOrTx } from './db/client.ts';
import type { Clock } from './clock.ts';
import type { Locale } from './types.ts';

export interface ServiceConfig {
  /** `platform:id` entries (lower-case platform) that are secretariat from first contact. */
  admins: ReadonlySet<string>;
  defaultTimezone: string;
  defaultLocale: Locale;
  /** The coalition new chat spaces join when nobody tied them elsewhere. */
  defaultCoalition: { slug: string; name: string };
}

export interface ServiceDeps {
  db: DbOrTx;
  config: ServiceConfig;
  clock: Clock;
}

export const defaultServiceConfig = (over: Partial<ServiceConfig> = {}): ServiceConfig => ({
  admins: new Set(),
  defaultTimezone: 'UTC',
  defaultLocale: 'en',
  defaultCoalition: { slug: 'justice', name: 'OGP Justice Coalition' },
  ...over,
});

export const foldKey = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
