import { UserError } from '../core/errors.ts';
import type { ServiceDeps } from './context.ts';
import { auditService } from './audit.service.ts';
import { toCoalitionView } from './people.service.ts';
import type { Actor, IdentityKey, Locale } from './types.ts';

export interface SettingsInput {
  name?: string;
  timezone?: string;
  locale?: Locale;
  reminders?: number[];
  learnings_channel?: string;
  announcements_channel?: string;
  digest_channel?: string;
  publish?: boolean;
  /** A registration question to add to the built-in ones (at most three). */
  question?: string;
  /** The open data's licence (an id from LICENSES in src/core/open-data.ts). */
  license?: string;
}

export function coalitionService(deps: ServiceDeps) {
  const { db } = deps;
  const audit = auditService(deps);

  async function space(id: IdentityKey) {
    return db.chatSpace.findUnique({
      where: { platform_externalId: { platform: id.platform, externalId: id.spaceId } },
    });
  }

  return {
    /** The coalition with this slug, created with the given defaults if it does not exist yet. */
    async ensure(slug: string, defaults: { name: string; timezone: string; locale: string }) {
      const c = await db.coalition.upsert({ where: { slug }, create: { slug, ...defaults }, update: {} });
      return toCoalitionView(c);
    },

    /** The questions the secretariat added (extra1, extra2, extra3 in order). */
    async extraQuestions(coalitionId: number): Promise<string[]> {
      const c = await db.coalition.findUniqueOrThrow({ where: { id: coalitionId } });
      return JSON.parse(c.extraQuestions) as string[];
    },

    async bySlug(slug: string) {
      const c = await db.coalition.findUnique({ where: { slug } });
      return c ? toCoalitionView(c) : null;
    },

    async settings(actor: Actor) {
      const coalition = await db.coalition.findUniqueOrThrow({ where: { id: actor.coalition.id } });
      const s = await space(actor.identity);
      return {
        coalition: toCoalitionView(coalition),
        publish: coalition.publish,
        questions: JSON.parse(coalition.extraQuestions) as string[],
        publication: { published: coalition.publish, license: coalition.dataLicense },
        channels: {
          learnings: s?.learningsChannelId ?? null,
          announcements: s?.announcementsChannelId ?? null,
          digest: s?.digestChannelId ?? null,
        },
      };
    },

    /** Saves the settings given; the audit entry names only those whose value really changed. */
    async update(actor: Actor, input: SettingsInput) {
      const id = actor.coalition.id;
      if (input.reminders && new Set(input.reminders).size !== input.reminders.length)
        throw new UserError('coalition.reminders_repeat');
      const before = await db.coalition.findUniqueOrThrow({ where: { id } });
      const s = await space(actor.identity);
      const extra = JSON.parse(before.extraQuestions) as string[];
      if (input.question && !extra.includes(input.question)) {
        if (extra.length >= 3) throw new UserError('coalition.questions_full');
        extra.push(input.question);
      }
      const next = {
        name: input.name,
        timezone: input.timezone,
        locale: input.locale,
        reminderOffsets: input.reminders ? [...input.reminders].sort((a, b) => b - a).join(',') : undefined,
        publish: input.publish,
        extraQuestions: input.question ? JSON.stringify(extra) : undefined,
        dataLicense: input.license,
      };
      const channels = {
        learningsChannelId: input.learnings_channel,
        announcementsChannelId: input.announcements_channel,
        digestChannelId: input.digest_channel,
      };
      const changed = [
        ...Object.entries(next).filter(([k, v]) => v !== undefined && v !== before[k as keyof typeof next]),
        ...Object.entries(channels).filter(
          ([k, v]) => v !== undefined && v !== s?.[k as keyof typeof channels],
        ),
      ].map(([k]) => k);
      if (changed.length === 0) return { changed };
      await db.coalition.update({ where: { id }, data: next });
      if (s && Object.values(channels).some((v) => v !== undefined)) {
        await db.chatSpace.update({ where: { id: s.id }, data: channels });
      }
      await audit.record(id, actor.personId, 'coalition.settings', `coalition:${id}`, { changed });
      return { changed };
    },
  };
}
