// The HTTP layer itself, over real HTTP: headers on every answer, 400/404/405/500 as JSON, raw
// mounts that get the request untouched, raw bodies, streamed bodies, readiness.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { createRoute, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/http/api.routes.ts';
import { staticTokenAuth } from '../../src/http/bearer.middleware.ts';
import { readRawBody, streamOf } from '../../src/http/bodies.ts';
import type { RawMount, RouteModule } from '../../src/http/http-types.ts';
import { API_CSP, csp } from '../../src/http/security.middleware.ts';
import { createHttpServer, listen, type HttpServer } from '../../src/http/server.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

const TOKEN = 'a-long-secretariat-token';
const PAGE_CSP = "default-src 'none'; style-src 'self'; frame-ancestors 'none'";
const RAW_CSP = "default-src 'none'; style-src 'unsafe-inline'";
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** Routes only this test declares, the way the coming pages, feeds and inbound mail will. */
const testRoutes: RouteModule = (app) => {
  app.openapi(
    createRoute({ method: 'get', path: '/test/boom', responses: { 200: { description: 'never' } } }),
    () => {
      throw new Error('kaboom');
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/test/page',
      middleware: [csp(PAGE_CSP)],
      responses: { 200: { description: 'A page with its own policy' } },
    }),
    (c) => c.html('<p>hello</p>'),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/test/mail',
      request: { body: { content: { 'message/rfc822': { schema: z.string() } }, required: true } },
      responses: { 200: { description: 'Digest of the raw body' } },
    }),
    async (c) => {
      const body = await readRawBody(c, 1024);
      return c.json({ sha: sha(body), bytes: body.byteLength }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/test/stream', responses: { 200: { description: 'Streamed' } } }),
    (c) => {
      async function* parts() {
        for (const p of ['one,', 'two,', 'three']) {
          await new Promise((r) => setTimeout(r, 5));
          yield p;
        }
      }
      return c.body(streamOf(parts()), 200, { 'content-type': 'text/plain; charset=utf-8' });
    },
  );
};

/** A raw Node handler like Slack's: reads the body itself, answers, or declines. */
const rawMount: RawMount = {
  prefix: '/raw/',
  csp: RAW_CSP,
  handle(req, res) {
    if (req.url === '/raw/decline') return false;
    if (req.url === '/raw/later') return Promise.resolve(false);
    if (req.url === '/raw/throw') throw new Error('raw kaboom');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sha: sha(body), type: req.headers['content-type'] ?? null }));
    });
    return true;
  },
};

let h: Harness;
let server: HttpServer;
let base = '';
let ready = true;

beforeAll(async () => {
  h = await harness('sqlite');
  await joined(h, 'ana');
  server = createHttpServer({
    ready: async () => {
      if (!ready) throw new Error('database unreachable');
      await h.services.ping();
    },
    log: h.docket.log,
    routes: [
      apiRoutes({ services: h.services, log: h.docket.log, auth: staticTokenAuth(TOKEN) }),
      testRoutes,
    ],
    raw: [rawMount],
  });
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(async () => {
  server?.close();
  await h?.close();
});

/** One request over a bare socket, for what fetch refuses to send. */
function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(base).port), '127.0.0.1', () => socket.end(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('security headers', () => {
  it('are on every answer: routes, errors, 404, 405, 500, raw handlers', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const cases: [string, RequestInit, number, string, string?][] = [
      ['/healthz', {}, 200, API_CSP],
      ['/readyz', {}, 200, API_CSP],
      // Public and unchanging: revalidated by its ETag rather than never stored.
      ['/api/openapi.json', {}, 200, API_CSP, 'no-cache'],
      ['/api/reports/2026', { headers: auth }, 200, API_CSP],
      ['/api/reports/2026', {}, 401, API_CSP],
      ['/api/digests/%E0%A4%A', { headers: auth }, 400, API_CSP],
      ['/nope', {}, 404, API_CSP],
      ['/healthz', { method: 'POST' }, 405, API_CSP],
      ['/test/boom', {}, 500, API_CSP],
      ['/test/page', {}, 200, PAGE_CSP],
      ['/test/stream', {}, 200, API_CSP],
      ['/raw/echo', { method: 'POST', body: 'x' }, 200, RAW_CSP],
      ['/raw/decline', {}, 404, API_CSP],
      ['/raw/later', {}, 404, API_CSP],
      ['/raw/throw', {}, 500, RAW_CSP],
    ];
    for (const [path, init, status, policy, cache = 'no-store'] of cases) {
      const res = await fetch(`${base}${path}`, init);
      const got = {
        path,
        status: res.status,
        nosniff: res.headers.get('x-content-type-options'),
        referrer: res.headers.get('referrer-policy'),
        csp: res.headers.get('content-security-policy'),
        hsts: res.headers.get('strict-transport-security'),
        cache: res.headers.get('cache-control'),
        id: /^[\w-]{1,64}$/.test(res.headers.get('x-request-id') ?? ''),
      };
      expect(got).toEqual({
        path,
        status,
        nosniff: 'nosniff',
        referrer: 'no-referrer',
        csp: policy,
        hsts: 'max-age=31536000',
        cache,
        id: true,
      });
      await res.arrayBuffer();
    }
  });

  it('also on a request the adapter cannot even parse (HTTP/1.0 without Host)', async () => {
    const out = await rawRequest('GET /healthz HTTP/1.0\r\n\r\n');
    expect(out).toMatch(/^HTTP\/1\.1 400 /);
    expect(out.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(out.toLowerCase()).toContain(`content-security-policy: ${API_CSP}`);
    expect(out).toMatch(/\r\nx-request-id: [0-9a-f]{8}\r\n/i);
    expect(out).toContain('{"error":"bad_request"');
  });

  it('keep a sane incoming X-Request-Id and replace anything else, raw handlers included', async () => {
    for (const path of ['/healthz', '/raw/echo']) {
      const kept = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'x-request-id': 'fly-abc_123' },
      });
      expect(kept.headers.get('x-request-id')).toBe('fly-abc_123');
      const replaced = await fetch(`${base}${path}`, { headers: { 'x-request-id': 'no spaces; "please"' } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}$/);
      const long = await fetch(`${base}${path}`, { headers: { 'x-request-id': 'a'.repeat(65) } });
      expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}$/);
    }
  });
});

describe('errors', () => {
  it('answers unknown paths with a JSON 404, and known paths with another method with 405 and Allow', async () => {
    const missing = await fetch(`${base}/nothing/here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not_found' });
    const cases: [string, string, string][] = [
      ['POST', '/healthz', 'GET, HEAD'],
      ['DELETE', '/readyz', 'GET, HEAD'],
      ['PUT', '/api/digests/2026-W48', 'GET, HEAD'],
      ['POST', '/api/openapi.json', 'GET, HEAD'],
      ['GET', '/test/mail', 'POST'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await fetch(`${base}${path}`, { method });
      expect({ method, path, status: res.status, allow: res.headers.get('allow') }).toEqual({
        method,
        path,
        status: 405,
        allow,
      });
      expect(await res.json()).toMatchObject({ error: 'method_not_allowed' });
    }
  });

  it('answers a failing handler with a JSON 500 carrying the correlation id, logged once', async () => {
    const before = h.logs.length;
    const res = await fetch(`${base}/test/boom`, { headers: { 'x-request-id': 'boom-1' } });
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ error: 'internal', message: expect.any(String), correlationId: 'boom-1' });
    expect(JSON.stringify(body)).not.toContain('kaboom');
    const lines = h.logs.slice(before).filter((l) => l.includes('http handler failed'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ correlationId: 'boom-1', path: '/test/boom' });
  });

  it('answers a body past the route’s limit with a JSON 413, with or without Content-Length', async () => {
    const big = await fetch(`${base}/test/mail`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: 'x'.repeat(2000),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: 'too_large' });
    // No Content-Length (chunked): counted while reading.
    const chunked = await fetch(`${base}/test/mail`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: streamOf(['x'.repeat(600), 'y'.repeat(600)]),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });
});

describe('bodies', () => {
  it('hands a route the raw body byte for byte (inbound mail)', async () => {
    const mime = Buffer.concat([
      Buffer.from('From: a@example.org\r\nContent-Type: text/plain; charset=latin1\r\n\r\n'),
      Buffer.from([0xe9, 0xe8, 0x0d, 0x0a, 0x00, 0xff]),
    ]);
    const res = await fetch(`${base}/test/mail`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: mime,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sha: sha(mime), bytes: mime.byteLength });
  });

  it('streams a body in pieces', async () => {
    const res = await fetch(`${base}/test/stream`);
    expect(res.headers.get('content-length')).toBeNull();
    expect(await res.text()).toBe('one,two,three');
  });
});

describe('raw mounts', () => {
  it('get the Node request untouched: body, headers and method, before any framework work', async () => {
    const body = 'token=abc&text=%2Fmeeting+list&payload=%7B%22a%22%3A1%7D';
    const res = await fetch(`${base}/raw/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(await res.json()).toEqual({ sha: sha(body), type: 'application/x-www-form-urlencoded' });
  });

  it('let the framework answer what they decline, and a throwing one answers 500 and is logged', async () => {
    const declined = await fetch(`${base}/raw/decline`);
    expect(declined.status).toBe(404);
    expect(await declined.json()).toMatchObject({ error: 'not_found' });
    const before = h.logs.length;
    const thrown = await fetch(`${base}/raw/throw`, { headers: { 'x-request-id': 'raw-1' } });
    expect(thrown.status).toBe(500);
    expect(await thrown.json()).toEqual({ error: 'internal', correlationId: 'raw-1' });
    expect(h.logs.slice(before).join('')).toContain('"correlationId":"raw-1"');
  });
});

describe('readiness', () => {
  it('answers 503 while the database is unreachable, 200 again after', async () => {
    ready = false;
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable' });
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
  });
});
