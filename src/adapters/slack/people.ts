// What Slack says of a person (name, language, zone), from users.info, cached an hour: the core
// stores it as the platform's hints, and a /member profile overrides them.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/log.ts';

export interface SlackProfile {
  displayName: string;
  localeHint?: string;
  timezoneHint?: string;
}

const TTL_MS = 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;

export class SlackPeople {
  private cache = new Map<string, { profile: SlackProfile; expires: number }>();

  constructor(private readonly log: Logger) {}

  async profile(client: WebClient, userId: string, fallbackName: string): Promise<SlackProfile> {
    const cached = this.cache.get(userId);
    if (cached && cached.expires > Date.now()) return cached.profile;
    try {
      const info = await client.users.info({ user: userId, include_locale: true });
      const u = info.user as
        | {
            real_name?: string;
            name?: string;
            locale?: string;
            tz?: string;
            profile?: { display_name?: string };
          }
        | undefined;
      const profile: SlackProfile = {
        displayName: u?.profile?.display_name || u?.real_name || u?.name || fallbackName,
        ...(u?.locale ? { localeHint: u.locale } : {}),
        ...(u?.tz ? { timezoneHint: u.tz } : {}),
      };
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      this.cache.set(userId, { profile, expires: Date.now() + TTL_MS });
      return profile;
    } catch (error) {
      this.log.warn({ err: error, user: userId }, 'slack users.info failed; using defaults');
      return { displayName: fallbackName };
    }
  }
}
