import type { Courier } from '../core/delivery.ts';
import type { Logger } from '../core/log.ts';
import type { Services } from '../services/index.ts';

export interface JobContext {
  services: Services;
  log: Logger;
  /** Sends what the outbox holds through the running platforms. */
  courier: Courier;
}
