import { UserError } from '../core/errors.ts';
import { cleanName } from '../core/text.ts';
import { asLocale, localeOfHint, readerOf, zoneOfHint } from '../core/locales.ts';
import type { ServiceDeps } from './context.ts';

export { asLocale, localeOfHint, readerOf, zoneOfHint };
import type { Actor, CoalitionView, IdentityKey, OrganizationView, Reader } from './types.ts';

type CoalitionRow = {
  id: number;
  slug: string;
  name: string;
  timezone: string;
  locale: string;
  reminderOffsets: string;
};
type OrgRow = {
  id: number;
  name: string;
  type: string;
  status: string;
  country: string | null;
  verifiedAt: Date | null;
};

export const toCoalitionView = (c: CoalitionRow): CoalitionView => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  timezone: c.timezone,
  locale: asLocale(c.locale) ?? 'en',
  reminderOffsets: c.reminderOffsets
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0),
});

export const toOrganizationView = (o: OrgRow): OrganizationView => ({
  id: o.id,
  name: o.name,
  type: o.type as OrganizationView['type'],
  observer: o.status === 'OBSERVER',
  country: o.country,
  verified: o.verifiedAt !== null,
});

/** What readerOf needs of a person, as a Prisma select. */
export const READER_SELECT = {
  id: true,
  locale: true,
  timezone: true,
  identities: {
    select: { localeHint: true, timezoneHint: true },
    orderBy: { id: 'asc' as const },
    take: 1,
  },
  coalition: { select: { locale: true, timezone: true } },
} as const;

type ReaderRow = {
  id: number;
  locale: string | null;
  timezone: string | null;
  identities: { localeHint: string | null; timezoneHint: string | null }[];
  coalition: { locale: string; timezone: string };
};

export const toReader = (p: ReaderRow): Reader => ({
  personId: p.id,
  ...readerOf(p, p.identities[0], p.coalition),
});

/** Who a command names: a display name as /member list shows it, or a platform id (`slack:U123`). */
export interface PersonSpec {
  name?: string;
  platform?: string;
  externalId?: string;
}

/** A platform's name as stored (`SLACK`) from the lower-case form people and DOCKET_ADMINS use. */
export const platformName = (p: string): string => p.toUpperCase();

/** Who is speaking: found from a platform identity, registered on first contact. */
export function peopleService({ db, config }: ServiceDeps) {
  /**
   * Whether an identity is made secretariat on first contact: DOCKET_ADMINS (written at start by
   * every instance, scope "*") or /coalition admins add for someone not seen yet (this coalition).
   */
  async function granted(id: IdentityKey, coalitionId: number): Promise<boolean> {
    const grant = await db.secretariatGrant.findFirst({
      where: {
        scope: { in: ['*', String(coalitionId)] },
        platform: id.platform,
        externalId: id.userId,
      },
      select: { id: true },
    });
    return grant !== null;
  }

  async function coalitionOfSpace(
    id: IdentityKey,
    create: boolean,
  ): Promise<{ coalition: CoalitionRow; spaceId: number | null } | null> {
    const space = await db.chatSpace.findUnique({
      where: { platform_externalId: { platform: id.platform, externalId: id.spaceId } },
      include: { coalition: true },
    });
    if (space) return { coalition: space.coalition, spaceId: space.id };
    const existing = await db.coalition.findUnique({ where: { slug: config.defaultCoalition.slug } });
    if (!create) return existing ? { coalition: existing, spaceId: null } : null;
    const coalition =
      existing ??
      (await db.coalition.create({
        data: { ...config.defaultCoalition, timezone: config.defaultTimezone, locale: config.defaultLocale },
      }));
    const created = await db.chatSpace.create({
      data: { coalitionId: coalition.id, platform: id.platform, externalId: id.spaceId },
    });
    return { coalition, spaceId: created.id };
  }

  async function find(id: IdentityKey): Promise<Actor | null> {
    const found = await coalitionOfSpace(id, false);
    if (!found) return null;
    const identity = await db.identity.findUnique({
      where: {
        coalitionId_platform_externalId: {
          coalitionId: found.coalition.id,
          platform: id.platform,
          externalId: id.userId,
        },
      },
      include: {
        person: {
          include: {
            organization: true,
            joinRequests: {
              where: { status: 'PENDING' },
              include: { organization: true },
              orderBy: { id: 'desc' },
              take: 1,
            },
          },
        },
      },
    });
    if (!identity || identity.person.erasedAt) return null;
    const p = identity.person;
    const pending = p.joinRequests[0];
    return {
      personId: p.id,
      displayName: p.displayName,
      // The database alone says who is secretariat: every instance reads the same answer.
      role: p.role,
      locale: asLocale(p.locale),
      timezone: p.timezone,
      organization: p.organization ? toOrganizationView(p.organization) : null,
      pending: pending
        ? { number: pending.number, organization: toOrganizationView(pending.organization) }
        : null,
      coalition: toCoalitionView(found.coalition),
      identity: id,
      seen: {
        spaceId: identity.spaceId,
        localeHint: identity.localeHint,
        timezoneHint: identity.timezoneHint,
      },
    };
  }

  return {
    find,
    granted,

    /** The actor for a first command that has not been written yet: defaults, nothing stored. */
    async provisional(id: IdentityKey, displayName: string): Promise<Actor> {
      const found = await coalitionOfSpace(id, false);
      const coalition = found
        ? toCoalitionView(found.coalition)
        : {
            id: 0,
            slug: config.defaultCoalition.slug,
            name: config.defaultCoalition.name,
            timezone: config.defaultTimezone,
            locale: config.defaultLocale,
            reminderOffsets: [1440, 60],
          };
      return {
        personId: null,
        displayName: cleanName(displayName),
        role: (await granted(id, coalition.id)) ? 'SECRETARIAT' : 'MEMBER',
        locale: null,
        timezone: null,
        organization: null,
        pending: null,
        coalition,
        identity: id,
        seen: null,
      };
    },

    /**
     * Finds or registers the person behind an identity, and remembers what the platform reports
     * (workspace, language, zone) so that messages sent later reach them the same way.
     */
    async ensure(
      id: IdentityKey,
      hints: { displayName: string; localeHint?: string; timezoneHint?: string },
      /** The actor just read for this identity, if any: saves reading it again. */
      known?: Actor,
    ): Promise<Actor> {
      const seen = {
        spaceId: id.spaceId,
        localeHint: localeOfHint(hints.localeHint),
        timezoneHint: zoneOfHint(hints.timezoneHint),
      };
      const existing = known?.personId != null ? known : await find(id);
      if (existing && existing.personId !== null) {
        const was = existing.seen;
        if (
          !was ||
          was.spaceId !== seen.spaceId ||
          was.localeHint !== seen.localeHint ||
          was.timezoneHint !== seen.timezoneHint
        ) {
          await db.identity.updateMany({
            where: { coalitionId: existing.coalition.id, platform: id.platform, externalId: id.userId },
            data: seen,
          });
        }
        return { ...existing, seen };
      }
      const found = (await coalitionOfSpace(id, true))!;
      // A name the platform reports is nobody's input: cleaned of controls and overrides, one line.
      const displayName = cleanName(hints.displayName).slice(0, 80) || id.userId.slice(0, 80);
      const person = await db.person.create({
        data: {
          coalitionId: found.coalition.id,
          displayName,
          role: (await granted(id, found.coalition.id)) ? 'SECRETARIAT' : 'MEMBER',
          identities: {
            create: {
              coalitionId: found.coalition.id,
              platform: id.platform,
              externalId: id.userId,
              ...seen,
            },
          },
        },
      });
      return {
        personId: person.id,
        displayName: person.displayName,
        role: person.role,
        locale: null,
        timezone: person.timezone,
        organization: null,
        pending: null,
        coalition: toCoalitionView(found.coalition),
        identity: id,
        seen,
      };
    },

    /**
     * A person acting without a chat request (an answer arriving by mail): as their first
     * identity would find them; null when erased or unknown.
     */
    async actorOf(personId: number): Promise<Actor | null> {
      const p = await db.person.findUnique({
        where: { id: personId },
        select: { erasedAt: true, identities: { orderBy: { createdAt: 'asc' }, take: 1 } },
      });
      const identity = p?.identities[0];
      if (!p || p.erasedAt || !identity) return null;
      // Exactly as a chat request from that identity would find them (standing, secretariat…).
      return find({ platform: identity.platform, spaceId: identity.spaceId, userId: identity.externalId });
    },

    /** How to write to each of these people (erased people are left out). */
    async readers(personIds: number[]): Promise<Reader[]> {
      if (personIds.length === 0) return [];
      const rows = await db.person.findMany({
        where: { id: { in: personIds }, erasedAt: null },
        select: READER_SELECT,
      });
      return rows.map(toReader);
    },

    /**
     * The person a command names in a coalition: by platform id (`slack:U123`, which also finds
     * someone not seen yet as `{ person: null }`) or by display name (refused when several share it).
     */
    async lookup(
      coalitionId: number,
      spec: PersonSpec,
    ): Promise<{
      person: { id: number; displayName: string; role: string; organizationId: number | null } | null;
      platform?: string;
      externalId?: string;
    }> {
      if (spec.platform && spec.externalId) {
        const platform = platformName(spec.platform);
        const identity = await db.identity.findUnique({
          where: {
            coalitionId_platform_externalId: { coalitionId, platform, externalId: spec.externalId },
          },
          include: { person: true },
        });
        const person = identity && !identity.person.erasedAt ? identity.person : null;
        return { person, platform, externalId: spec.externalId };
      }
      const name = spec.name ?? '';
      const matches = await db.person.findMany({
        where: { coalitionId, erasedAt: null, displayName: name },
        take: 2,
      });
      if (matches.length === 0) throw new UserError('member.not_found', { name });
      if (matches.length > 1) throw new UserError('member.ambiguous', { name });
      return { person: matches[0]! };
    },
  };
}
