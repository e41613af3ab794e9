import type { Logger } from '../core/log.ts';
import type { Notifier } from '../core/notify.ts';
import type { PlatformName, Services } from '../services/index.ts';

export interface JobContext {
  services: Services;
  log: Logger;
  /** The running adapters that can send on their own (console, Slack, Discord). */
  notifiers: ReadonlyMap<PlatformName, Notifier>;
}
