// What a platform folder exports so the server can run it: read its options from the environment,
// create the adapter (loaded lazily: a deployment without Discord never loads discord.js).
import type { Docket } from '../core/docket.ts';
import type { Env } from '../core/env.ts';
import type { Logger } from '../core/log.ts';
import type { Platform } from '../core/platform.ts';
import type { RawMount } from '../http/http-types.ts';

export interface PlatformAdapter extends Platform {
  /** Requests the platform sends to Docket's HTTP server (Slack's /slack/*), mounted raw. */
  http?: RawMount;
}

export interface PlatformRegistration<O = unknown> {
  name: string;
  /** Its options from the environment; null when the platform is not configured. */
  configure(env: Env): O | null;
  /** One connection per deployment (a gateway): only the instance holding its lease starts it. */
  singleton?: boolean;
  create(docket: Docket, log: Logger, options: O): Promise<PlatformAdapter>;
}

/** Declares a registration with its options' type checked against create(). */
export const registration = <O>(r: PlatformRegistration<O>): PlatformRegistration =>
  r as PlatformRegistration;
