import type { DbOrTx } from './db/client.ts';
import type { Clock } from './clock.ts';
import type { Locale } from './types.ts';

/** What the services need to know of mail: the sending address and where links point. */
export interface MailConfig {
  /** The bare sending address: invitations' ORGANIZER, where calendar replies come back. */
  from: string;
  /** The public base URL (no trailing slash), for unsubscribe links. */
  publicUrl: string;
  /** Where mail is written when no SMTP server is set (null: sent over SMTP). */
  fileDir: string | null;
}

export const DEFAULT_MAIL: MailConfig = {
  from: 'docket@localhost',
  publicUrl: 'http://localhost:3000',
  fileDir: 'data/mail',
};

export interface ServiceConfig {
  /** `platform:id` entries (lower-case platform) that are secretariat from first contact. */
  admins: ReadonlySet<string>;
  defaultTimezone: string;
  defaultLocale: Locale;
  /** The coalition new chat spaces join when nobody tied them elsewhere. */
  defaultCoalition: { slug: string; name: string };
  /** Encrypts platform installations at rest (from DOCKET_ENCRYPTION_KEY). */
  encryptionKey?: Buffer;
  mail: MailConfig;
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
  mail: DEFAULT_MAIL,
  ...over,
});

export const foldKey = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Which form of `searchKey` stored rows carry; bumping it re-keys them at the next start. */
export const SEARCH_KEY_VERSION = '2';

/**
 * The form of text kept in `searchText` columns and of search queries: case and accents folded
 * ("Émoji" and "emoji" are one), and LIKE's wildcards (% and _) swapped for private-use
 * characters, because Prisma's `contains` passes them through as patterns on both databases; so a
 * search for "50%" matches only "50%". Folding happens here, in code, so SQLite and PostgreSQL
 * behave alike.
 */
export const searchKey = (...parts: (string | null | undefined)[]): string =>
  parts
    .filter(Boolean)
    .join(' \u0001 ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/%/g, '\uE001')
    .replace(/_/g, '\uE000');
