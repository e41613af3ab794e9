import type { ServiceDeps } from './context.ts';
import type { PlatformName } from './types.ts';

export interface Contact {
  platform: PlatformName;
  /** The workspace or server to write through. */
  spaceId: string;
  userId: string;
}

export interface MirrorRecord {
  externalId: string | null;
  version: number;
}

/** Where people and channels are reached, and what the platforms hold of mirrored records. */
export function deliveryService({ db }: ServiceDeps) {
  return {
    /** A person's identities, oldest first: the first one a running platform serves is used. */
    async contacts(personId: number): Promise<Contact[]> {
      const rows = await db.identity.findMany({
        where: { personId, person: { erasedAt: null } },
        orderBy: { createdAt: 'asc' },
      });
      return rows.map((r) => ({ platform: r.platform, spaceId: r.spaceId, userId: r.externalId }));
    },

    /** The spaces of a coalition, with the channels the secretariat set in each. */
    async spaces(coalitionId: number) {
      const rows = await db.chatSpace.findMany({ where: { coalitionId }, orderBy: { id: 'asc' } });
      return rows.map((s) => ({
        platform: s.platform,
        spaceId: s.externalId,
        channels: {
          learnings: s.learningsChannelId,
          announcements: s.announcementsChannelId,
          digest: s.digestChannelId,
        },
      }));
    },

    async mirror(subject: string, platform: PlatformName, spaceId: string): Promise<MirrorRecord | null> {
      const row = await db.externalEvent.findUnique({
        where: { subject_platform_spaceId: { subject, platform, spaceId } },
      });
      return row ? { externalId: row.externalId, version: row.version } : null;
    },

    async recordMirror(
      coalitionId: number,
      key: { subject: string; platform: PlatformName; spaceId: string },
      value: MirrorRecord,
    ): Promise<void> {
      await db.externalEvent.upsert({
        where: { subject_platform_spaceId: key },
        create: { coalitionId, ...key, ...value },
        update: value,
      });
    },
  };
}
