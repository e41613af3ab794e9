// The HTTP layer: Hono (through @hono/node-server) for declared routes, raw Node handlers (Slack)
// tried first by path prefix so their requests reach them untouched and add no framework work.
import http from 'node:http';
import { getRequestListener, RequestError } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { TrieRouter } from 'hono/router/trie-router';
import type { Logger } from '../core/log.ts';
import { HttpProblem, validationHook } from './errors.ts';
import { healthRoutes } from './health.routes.ts';
import type { HttpApp, HttpContext, HttpEnv, RawMount, RouteModule } from './http-types.ts';
import { OPENAPI_PATH, openApiRoutes } from './openapi.routes.ts';
import { RefusalLimiter } from './refusal-limiter.ts';
import {
  requestIdOf,
  securityHeaderPairs,
  securityHeaders,
  setRawSecurityHeaders,
} from './security.middleware.ts';

export type { HttpApp, RawMount, RouteModule } from './http-types.ts';

export interface HttpOptions {
  log: Logger;
  /** Resolves when this instance should take traffic (database reachable, not stopping). */
  ready: () => Promise<void>;
  /** Declared routes (validated, documented): apiRoutes(…) and whatever comes next. */
  routes?: RouteModule[];
  /** Raw Node handlers by path prefix, e.g. slackMount(…): the body is left unread for them. */
  raw?: RawMount[];
  /** Shared by every route that checks a secret; tests pass one with their own clock. */
  limiter?: RefusalLimiter;
}

export interface HttpServer extends http.Server {
  /** The framework app behind the server: its routes and OpenAPI registry. */
  readonly app: HttpApp;
}

const STATUS_ERRORS: Record<number, string> = { 400: 'bad_request', 413: 'too_large' };

/** The methods some declared route serves at `path` (for 405 and its Allow header). */
function allowedMethods(app: HttpApp): (path: string) => string[] {
  let router: TrieRouter<string> | undefined;
  let methods: string[] = [];
  return (path) => {
    if (!router) {
      router = new TrieRouter<string>();
      const seen = new Set<string>();
      for (const r of app.routes) {
        const key = `${r.method} ${r.path}`;
        if (r.method === 'ALL' || seen.has(key)) continue;
        seen.add(key);
        router.add(r.method, r.path, r.method);
      }
      methods = [...new Set([...seen].map((k) => k.split(' ')[0]!))];
    }
    const allowed = methods.filter((m) => router!.match(m, path)[0].length > 0);
    return allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
  };
}

export function createHttpApp(o: HttpOptions): HttpApp {
  const { log } = o;
  const app: HttpApp = new OpenAPIHono<HttpEnv>({ defaultHook: validationHook });
  const ctx: HttpContext = { log, limiter: o.limiter ?? new RefusalLimiter() };
  app.use('*', securityHeaders());

  for (const module of [healthRoutes(o.ready), openApiRoutes(), ...(o.routes ?? [])]) module(app, ctx);
  for (const mount of o.raw ?? [])
    for (const doc of mount.docs ?? [])
      app.openAPIRegistry.registerPath({
        method: doc.method,
        path: doc.path,
        summary: doc.summary,
        description: doc.description,
        tags: [mount.prefix.replaceAll('/', '') || 'raw'],
        responses: { default: { description: 'Answered by the mounted handler' } },
      });

  const allowed = allowedMethods(app);
  app.notFound((c) => {
    const allow = allowed(c.req.path);
    if (allow.length)
      return c.json({ error: 'method_not_allowed', message: `Use ${allow.join(', ')}.` }, 405, {
        allow: allow.join(', '),
      });
    return c.json({ error: 'not_found', message: `Nothing here: ${OPENAPI_PATH} lists what is.` }, 404);
  });
  app.onError((error, c) => {
    // Malformed input the framework itself refuses (bad JSON body, too large…): the client's
    // mistake, answered as such, never logged with a stack.
    if (error instanceof HTTPException && error.status < 500) {
      const code = error instanceof HttpProblem ? error.code : (STATUS_ERRORS[error.status] ?? 'bad_request');
      return c.json({ error: code, message: error.message || 'Malformed request.' }, error.status);
    }
    const correlationId = c.get('requestId');
    log.error({ err: error, correlationId, path: c.req.path }, 'http handler failed');
    return c.json(
      { error: 'internal', message: 'Something went wrong; quote the correlation id.', correlationId },
      500,
    );
  });
  return app;
}

export function createHttpServer(o: HttpOptions): HttpServer {
  const app = createHttpApp(o);
  const listener = getRequestListener(app.fetch, {
    // Keep the process's global Request/Response as they are (Bolt, discord.js and tests share
    // them); the API's traffic is small, so the adapter's faster stand-ins are not worth it.
    overrideGlobalObjects: false,
    // Reached when no Request can be built (e.g. HTTP/1.0 without Host: a client error), or if
    // the app itself rejected, which its onError should make impossible.
    errorHandler: (error) => {
      const correlationId = requestIdOf(undefined);
      const client = error instanceof RequestError;
      if (!client) o.log.error({ err: error, correlationId }, 'http adapter failed');
      return Response.json(
        client
          ? { error: 'bad_request', message: 'Malformed request.' }
          : { error: 'internal', message: 'Something went wrong.', correlationId },
        {
          status: client ? 400 : 500,
          headers: [...securityHeaderPairs(), ['cache-control', 'no-store'], ['x-request-id', correlationId]],
        },
      );
    },
  });
  const raw = o.raw ?? [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const mount = raw.find((m) => url.startsWith(m.prefix));
    if (!mount) return void listener(req, res);
    const correlationId = setRawSecurityHeaders(req.headers['x-request-id'], res, mount.csp);
    const failed = (error: unknown) => {
      o.log.error({ err: error, correlationId, path: url.split('?')[0] }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      if (!res.writableEnded) res.end(JSON.stringify({ error: 'internal', correlationId }));
    };
    try {
      const taken = mount.handle(req, res);
      if (taken === true) return;
      if (taken === false) return void listener(req, res);
      taken.then((t) => t || void listener(req, res), failed);
    } catch (error) {
      failed(error);
    }
  });
  return Object.assign(server, { app });
}

export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
