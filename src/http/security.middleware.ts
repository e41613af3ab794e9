// Security headers, the default Cache-Control and the correlation id: one place for every response,
// the framework's (middleware) and the raw Node handlers' (Slack) alike.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { HttpEnv } from './http-types.ts';

/** API and JSON responses load nothing and are never framed. HTML pages bring their own (csp()). */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const FIXED: readonly (readonly [string, string])[] = [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
  // Browsers heed it only over HTTPS, which is how Fly serves us; no includeSubDomains: the
  // parent domain is not ours to pin.
  ['strict-transport-security', 'max-age=31536000'],
];

/** The proxy's correlation id when it looks sane (it goes into logs), else a fresh one. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID().slice(0, 8);
}

/** The same headers as plain pairs: raw handlers and responses built outside the framework. */
export function securityHeaderPairs(csp = API_CSP): [string, string][] {
  return [...FIXED.map(([k, v]): [string, string] => [k, v]), ['content-security-policy', csp]];
}

/**
 * Outermost middleware. Routes may set their own Content-Security-Policy (see csp()) and
 * Cache-Control (see caching.ts); everything else gets the strict defaults and no-store.
 */
export function securityHeaders(): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const id = requestIdOf(c.req.header('x-request-id'));
    c.set('requestId', id);
    await next();
    let headers = c.res.headers;
    try {
      headers.set('x-request-id', id);
    } catch {
      // A Response with immutable headers (e.g. a fetched one): copy it once.
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
      headers.set('x-request-id', id);
    }
    for (const [k, v] of FIXED) headers.set(k, v);
    if (!headers.has('content-security-policy')) headers.set('content-security-policy', API_CSP);
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  };
}

/** Per-route Content-Security-Policy, e.g. `createRoute({ middleware: [csp(PAGE_CSP)], … })`. */
export function csp(policy: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('content-security-policy', policy);
  };
}

/** Raw Node handlers get the same headers before they write; returns the correlation id. */
export function setRawSecurityHeaders(
  requestIdHeader: string | string[] | undefined,
  res: ServerResponse,
  csp = API_CSP,
): string {
  const id = requestIdOf(requestIdHeader);
  res.setHeader('x-request-id', id);
  for (const [k, v] of FIXED) res.setHeader(k, v);
  res.setHeader('content-security-policy', csp);
  res.setHeader('cache-control', 'no-store');
  return id;
}
