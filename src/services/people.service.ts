import type { ServiceDeps } from './context.ts';
import type { Actor, CoalitionView, IdentityKey, Locale, OrganizationView } from './types.ts';
import { LOCALES } from './types.ts';

type CoalitionRow = {
  id: number;
  slug: string;
  name: string;
  timezone: string;
  locale: string;
  reminderOffsets: string;
};
type OrgRow = { id: number; name: string; type: string; status: string; country: string | null };

export const toCoalitionView = (c: CoalitionRow): CoalitionView => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  timezone: c.timezone,
  locale: (LOCALES as readonly string[]).includes(c.locale) ? (c.locale as Locale) : 'en',
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
});

const asLocale = (l: string | null | undefined): Locale | null =>
  (LOCALES as readonly string[]).includes(l ?? '') ? (l as Locale) : null;

/** Who is speaking: found from a platform identity, registered on first contact. */
export function peopleService({ db, config }: ServiceDeps) {
  const isAdmin = (id: IdentityKey) => config.admins.has(`${id.platform.toLowerCase()}:${id.userId}`);

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
      include: { person: { include: { organization: true } } },
    });
    if (!identity || identity.person.erasedAt) return null;
    const p = identity.person;
    return {
      personId: p.id,
      displayName: p.displayName,
      role: isAdmin(id) ? 'SECRETARIAT' : p.role,
      locale: asLocale(p.locale),
      timezone: p.timezone,
      organization: p.organization ? toOrganizationView(p.organization) : null,
      coalition: toCoalitionView(found.coalition),
      identity: id,
    };
  }

  return {
    find,

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
        displayName,
        role: isAdmin(id) ? 'SECRETARIAT' : 'MEMBER',
        locale: null,
        timezone: null,
        organization: null,
        coalition,
        identity: id,
      };
    },

    /**
     * Finds or registers the person behind an identity; DOCKET_ADMINS are made secretariat. Platform
     * hints (language, zone) are not stored: they keep following the platform until /member profile.
     */
    async ensure(id: IdentityKey, hints: { displayName: string }): Promise<Actor> {
      const existing = await find(id);
      if (existing) {
        if (isAdmin(id) && existing.personId !== null) {
          await db.person.updateMany({
            where: { id: existing.personId, role: { not: 'SECRETARIAT' } },
            data: { role: 'SECRETARIAT' },
          });
        }
        return existing;
      }
      const found = (await coalitionOfSpace(id, true))!;
      const person = await db.person.create({
        data: {
          coalitionId: found.coalition.id,
          displayName: hints.displayName.slice(0, 80) || id.userId,
          role: isAdmin(id) ? 'SECRETARIAT' : 'MEMBER',
          identities: {
            create: { coalitionId: found.coalition.id, platform: id.platform, externalId: id.userId },
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
        coalition: toCoalitionView(found.coalition),
        identity: id,
      };
    },
  };
}
