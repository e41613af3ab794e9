// The shapes every HTTP module shares: the framework's environment, route modules, raw mounts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from '../core/log.ts';
import type { RefusalLimiter } from './refusal-limiter.ts';

/** Who a bearer token stands for; per-person tokens may tie it to one coalition. */
export interface Principal {
  coalitionSlug?: string;
}

export interface HttpEnv {
  Bindings: HttpBindings;
  Variables: { requestId: string; principal: Principal | undefined };
}

export type HttpApp = OpenAPIHono<HttpEnv>;

/** What route modules get besides the app: the logger and the shared refusal limiter. */
export interface HttpContext {
  log: Logger;
  limiter: RefusalLimiter;
}

/** Declares routes with createRoute + app.openapi, so each is validated and documented. */
export type RouteModule = (app: HttpApp, http: HttpContext) => void;

/** A raw Node handler: true when it took the request, false to let the framework answer. */
export type RawHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** How a raw route appears in the OpenAPI document (the framework never sees its requests). */
export interface RawRouteDoc {
  method: 'get' | 'post';
  path: string;
  summary: string;
  description?: string;
}

export interface RawMount {
  /** Requests whose path starts with this (e.g. `/slack/`) go to `handle`, body unread. */
  prefix: string;
  handle: RawHandler;
  /** Content-Security-Policy for what this handler writes (HTML pages need more than the API's). */
  csp?: string;
  docs?: RawRouteDoc[];
}
