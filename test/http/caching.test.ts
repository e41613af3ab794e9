// Conditional requests: the rules (RFC 9110 §13) as a unit, then a feed-like route over real HTTP.
import { createRoute } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditional, etagOf, isNotModified } from '../../src/http/caching.ts';
import type { RouteModule } from '../../src/http/http-types.ts';
import { createHttpServer, listen, type HttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/core/log.ts';

const modified = new Date('2026-11-20T08:30:15.250Z');
const etag = etagOf('BEGIN:VCALENDAR…');

describe('isNotModified', () => {
  const get = (h: { ifNoneMatch?: string; ifModifiedSince?: string }, method = 'GET') => ({ method, ...h });

  it('matches If-None-Match by weak comparison, in lists and with *', () => {
    const v = { etag, lastModified: modified };
    expect(isNotModified(get({ ifNoneMatch: etag }), v)).toBe(true);
    expect(isNotModified(get({ ifNoneMatch: `W/${etag}` }), v)).toBe(true);
    expect(isNotModified(get({ ifNoneMatch: `"other", ${etag}` }), v)).toBe(true);
    expect(isNotModified(get({ ifNoneMatch: '*' }), v)).toBe(true);
    expect(isNotModified(get({ ifNoneMatch: '"other"' }), v)).toBe(false);
    expect(isNotModified(get({ ifNoneMatch: 'garbage' }), v)).toBe(false);
    expect(isNotModified(get({ ifNoneMatch: etag }), { lastModified: modified })).toBe(false);
    expect(isNotModified(get({ ifNoneMatch: etag }, 'HEAD'), v)).toBe(true);
    expect(isNotModified(get({ ifNoneMatch: etag }, 'POST'), v)).toBe(false);
  });

  it('compares If-Modified-Since to the second, and ignores it when If-None-Match is sent', () => {
    const v = { etag, lastModified: modified };
    const at = (d: Date) => get({ ifModifiedSince: d.toUTCString() });
    expect(isNotModified(at(modified), v)).toBe(true); // the header has no milliseconds
    expect(isNotModified(at(new Date(modified.getTime() + 60_000)), v)).toBe(true);
    expect(isNotModified(at(new Date(modified.getTime() - 1_000)), v)).toBe(false);
    expect(isNotModified(get({ ifModifiedSince: 'yesterday-ish' }), v)).toBe(false);
    expect(isNotModified(get({ ifNoneMatch: '"other"', ifModifiedSince: modified.toUTCString() }), v)).toBe(
      false,
    );
    expect(isNotModified(at(modified), { etag })).toBe(false);
  });

  it('gives strong, quoted tags that change with the content', () => {
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(etagOf('BEGIN:VCALENDAR…')).toBe(etag);
    expect(etagOf('BEGIN:VCALENDAR…!')).not.toBe(etag);
    expect(etagOf(new TextEncoder().encode('BEGIN:VCALENDAR…'))).toBe(etag);
  });
});

describe('conditional() on a route', () => {
  let server: HttpServer;
  let base = '';
  let rendered = 0;
  const feed: RouteModule = (app) => {
    app.openapi(
      createRoute({ method: 'get', path: '/test/feed.ics', responses: { 200: { description: 'A feed' } } }),
      (c) => {
        const notModified = conditional(c, {
          etag,
          lastModified: modified,
          cacheControl: 'public, max-age=300',
        });
        if (notModified) return notModified;
        rendered++;
        return c.body('BEGIN:VCALENDAR…', 200, { 'content-type': 'text/calendar; charset=utf-8' });
      },
    );
  };
  beforeAll(async () => {
    server = createHttpServer({
      ready: async () => undefined,
      log: createLogger('silent'),
      routes: [feed],
    });
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  });
  afterAll(() => server?.close());

  it('sends the validators and its own Cache-Control, then 304 with no body and no rendering', async () => {
    const first = await fetch(`${base}/test/feed.ics`);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe(etag);
    expect(first.headers.get('last-modified')).toBe('Fri, 20 Nov 2026 08:30:15 GMT');
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await first.text()).toBe('BEGIN:VCALENDAR…');
    expect(rendered).toBe(1);

    for (const headers of [
      { 'if-none-match': etag } as Record<string, string>,
      { 'if-modified-since': 'Fri, 20 Nov 2026 08:30:15 GMT' },
    ]) {
      const again = await fetch(`${base}/test/feed.ics`, { headers });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('public, max-age=300');
      expect(again.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await again.text()).toBe('');
    }
    expect(rendered).toBe(1);

    const changed = await fetch(`${base}/test/feed.ics`, { headers: { 'if-none-match': '"stale"' } });
    expect(changed.status).toBe(200);
    expect(rendered).toBe(2);
  });

  it('serves the OpenAPI document the same way', async () => {
    const doc = await fetch(`${base}/api/openapi.json`);
    const tag = doc.headers.get('etag')!;
    expect(tag).toMatch(/^"/);
    const again = await fetch(`${base}/api/openapi.json`, { headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
  });
});
