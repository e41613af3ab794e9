// Conditional requests for public feeds and pages (RFC 9110 §13): validators are computed before the
// body, so a 304 costs no rendering. hono/etag hashes the finished body instead, which needs the
// whole body in memory and cannot do Last-Modified.
import { createHash } from 'node:crypto';
import type { Context, Env } from 'hono';

export interface Validators {
  /** A quoted entity tag, e.g. from etagOf(); `W/"…"` for a weak one. */
  etag?: string;
  lastModified?: Date;
}

/** A strong ETag from the representation's bytes (or from any string that changes with them). */
export function etagOf(content: string | Uint8Array): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
}

const opaque = (tag: string) => tag.replace(/^W\//, '');
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Whether a GET/HEAD with these request headers may be answered 304 Not Modified. */
export function isNotModified(
  request: { method: string; ifNoneMatch?: string | null; ifModifiedSince?: string | null },
  v: Validators,
): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  // If-None-Match wins over If-Modified-Since when both come (§13.2.2); weak comparison for GET.
  if (request.ifNoneMatch != null) {
    if (!v.etag) return false;
    const tags = request.ifNoneMatch.match(/\*|(?:W\/)?"[^"]*"/g) ?? [];
    return tags.some((t) => t === '*' || opaque(t) === opaque(v.etag!));
  }
  if (request.ifModifiedSince != null && v.lastModified) {
    const since = Date.parse(request.ifModifiedSince);
    if (Number.isNaN(since)) return false;
    return seconds(v.lastModified) <= Math.floor(since / 1000);
  }
  return false;
}

/**
 * Sets ETag, Last-Modified and Cache-Control on the response to come, and returns the 304 to send
 * when the client's copy is current (otherwise undefined: render the body with c.body/c.json):
 *
 *   const notModified = conditional(c, { etag, lastModified, cacheControl: 'public, max-age=300' });
 *   if (notModified) return notModified;
 */
export function conditional<E extends Env>(
  c: Context<E>,
  v: Validators & { cacheControl: string },
): Response | undefined {
  if (v.etag) c.header('etag', v.etag);
  if (v.lastModified) c.header('last-modified', v.lastModified.toUTCString());
  c.header('cache-control', v.cacheControl);
  const fresh = isNotModified(
    {
      method: c.req.method,
      ifNoneMatch: c.req.header('if-none-match'),
      ifModifiedSince: c.req.header('if-modified-since'),
    },
    v,
  );
  return fresh ? c.body(null, 304) : undefined;
}
