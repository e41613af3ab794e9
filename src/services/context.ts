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
  /** Encrypts platform installations at rest (from DOCKET_ENCRYPTION_KEY). */
  encryptionKey?: Buffer;
  /** The public base URL (DOCKET_PUBLIC_URL), for links to feeds in chat. */
  publicUrl?: string;
}

export interface ServiceDeps {
  db: DbOrTx;
  config: ServiceConfig;
  clock: Clock;
}

/** The coalition every new chat space joins unless an install link names another. */
export const DEFAULT_COALITION = { slug: 'justice', name: 'OGP Justice Coalition' } as const;

export const defaultServiceConfig = (over: Partial<ServiceConfig> = {}): ServiceConfig => ({
  admins: new Set(),
  defaultTimezone: 'UTC',
  defaultLocale: 'en',
  defaultCoalition: DEFAULT_COALITION,
  ...over,
});

export const foldKey = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The form of text kept in `searchText` columns and of search queries: folded case, and LIKE's
 * wildcards (% and _) swapped for private-use characters, because Prisma's `contains` passes them
 * through as patterns on both databases; so a search for "50%" matches only "50%".
 */
export const searchKey = (...parts: (string | null | undefined)[]): string =>
  parts
    .filter(Boolean)
    .join(' \u0001 ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/%/g, '\uE001')
    .replace(/_/g, '\uE000');
