// What the bot sends on its own (reminders, digests, nudges) leaves through a Notifier per platform.
import type { PlatformName } from '../services/index.ts';
import type { Locale } from './i18n/index.ts';
import type { Reply } from './reply.ts';

/** A message written to the outbox: the reply, in its reader's language and zone. */
export interface OutboxPayload {
  reply: Reply;
  locale: Locale;
  timeZone: string;
}

export type Destination =
  | { userId: string; channelId?: undefined; spaceId?: string }
  | { channelId: string; userId?: undefined; spaceId: string };

export interface Notifier {
  platform: PlatformName;
  send(to: Destination, message: OutboxPayload): Promise<void>;
}

/** The platform said this can never succeed (user gone, DMs closed, channel deleted): stop trying. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}
