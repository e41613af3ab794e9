// Bearer tokens: refusals logged without the token, and limited per client address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/http/api.routes.ts';
import { staticTokenAuth } from '../../src/http/bearer.middleware.ts';
import { limiterKey, RefusalLimiter } from '../../src/http/refusal-limiter.ts';
import { createHttpServer, listen, type HttpServer } from '../../src/http/server.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

const TOKEN = 'the-real-secretariat-token';
let h: Harness;
let server: HttpServer;
let base = '';
let now = Date.parse('2026-11-27T12:00:00Z');

beforeAll(async () => {
  h = await harness('sqlite');
  await joined(h, 'ana');
  server = createHttpServer({
    ready: async () => undefined,
    log: h.docket.log,
    routes: [apiRoutes({ services: h.services, log: h.docket.log, auth: staticTokenAuth(TOKEN) })],
    limiter: new RefusalLimiter({ now: () => now }),
  });
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(async () => {
  server?.close();
  await h?.close();
});

const report = (token: string | undefined, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/reports/2026`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
const logged = (from: number) => h.logs.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('refused tokens', () => {
  it('are logged with path, client and reason, never the token, and limited to 10 a minute per address', async () => {
    const from = h.logs.length;
    const fly = { 'fly-client-ip': '203.0.113.7' };
    for (let i = 0; i < 10; i++) {
      const res = await report(`guess-${i}-zzzzzzzzzzzz`, fly);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: 'wrong_token' });
    }
    const limited = await report('guess-10-zzzzzzzzzzzz', fly);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toMatchObject({ error: 'too_many_refusals' });
    // The right token does not get through a limited address: a guesser learns nothing.
    expect((await report(TOKEN, fly)).status).toBe(429);
    // Another address is not held back by this one.
    expect((await report(TOKEN, { 'fly-client-ip': '203.0.113.8' })).status).toBe(200);

    const lines = logged(from);
    const refused = lines.filter((l) => l.msg === 'bearer token refused');
    expect(refused).toHaveLength(10);
    for (const l of refused)
      expect(l).toMatchObject({
        level: 40,
        path: '/api/reports/2026',
        client: '203.0.113.7',
        reason: 'wrong_token',
        correlationId: expect.any(String),
      });
    expect(lines.filter((l) => l.msg === 'bearer token refusals limited')).toEqual([
      expect.objectContaining({ client: '203.0.113.7', reason: 'rate_limited', limit: 10 }),
    ]);
    const text = h.logs.slice(from).join('\n');
    expect(text).not.toMatch(/guess-\d+/);
    expect(text).not.toContain(TOKEN);

    now += 30_000;
    expect((await report(TOKEN, fly)).headers.get('retry-after')).toBe('30');
    now += 30_000;
    expect((await report(TOKEN, fly)).status).toBe(200);
  });

  it('count the socket address without Fly-Client-IP, or when it is not an address', async () => {
    const from = h.logs.length;
    await report('nope-nope-nope-nope', { 'fly-client-ip': 'not-an-address' });
    await report('nope-nope-nope-nope');
    const clients = logged(from)
      .filter((l) => l.msg === 'bearer token refused')
      .map((l) => l.client);
    expect(clients).toHaveLength(2);
    for (const c of clients) expect(c).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it('do not include missing tokens: those are 401, never limited', async () => {
    const headers = { 'fly-client-ip': '198.51.100.1' };
    for (let i = 0; i < 15; i++) expect((await report(undefined, headers)).status).toBe(401);
    expect((await report(TOKEN, headers)).status).toBe(200);
  });

  it('are counted per /64 for IPv6 clients', async () => {
    for (let i = 0; i < 10; i++)
      await report('v6-guess-zzzzzzzzzz', { 'fly-client-ip': `2001:db8:1:2::${(i + 1).toString(16)}` });
    const other = await report(TOKEN, { 'fly-client-ip': '2001:db8:1:2:ffff:1:2:3' });
    expect(other.status).toBe(429);
    expect((await report(TOKEN, { 'fly-client-ip': '2001:db8:1:3::1' })).status).toBe(200);
  });
});

describe('RefusalLimiter', () => {
  it('keys IPv4 (also IPv4-mapped) by address and IPv6 by its /64', () => {
    expect(limiterKey('203.0.113.7')).toBe('203.0.113.7');
    expect(limiterKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(limiterKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(limiterKey('2001:0db8:0000:0000:ffff:0:0:1')).toBe('2001:db8:0:0::/64');
    expect(limiterKey('2001:DB8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(limiterKey('::1')).toBe('0:0:0:0::/64');
    expect(limiterKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(limiterKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('slides its window, and forgets addresses beyond its bound', () => {
    let t = 0;
    const limiter = new RefusalLimiter({ limit: 3, windowMs: 10_000, now: () => t, maxClients: 2 });
    expect([limiter.refuse('a'), limiter.refuse('a')]).toEqual([false, false]);
    t = 5_000;
    expect(limiter.refuse('a')).toBe(true);
    expect(limiter.retryAfter('a')).toBe(5);
    t = 10_001; // the first two are out of the window
    expect(limiter.retryAfter('a')).toBe(0);
    limiter.refuse('b');
    limiter.refuse('c');
    limiter.refuse('d');
    // Never more than two addresses remembered: the oldest went first.
    expect((limiter as unknown as { refusals: Map<string, number[]> }).refusals.size).toBe(2);
  });
});
