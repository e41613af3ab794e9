import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/http/api.routes.ts';
import { staticTokenAuth, type BearerAuth } from '../../src/http/bearer.middleware.ts';
import { createHttpServer, listen } from '../../src/http/server.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

const TOKEN = 'a-long-secretariat-token';
/** A per-person token tied to another coalition, as the coming token issue will issue them. */
const BOUND = 'a-token-bound-to-elsewhere';
let h: Harness;
let server: http.Server;
let base = '';

const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  fetch(`${base}${path}`, { headers });

beforeAll(async () => {
  h = await harness('sqlite');
  await joined(h, 'ana', 'Ministry', 'government');
  await h.run(
    'ana',
    '/learning share title:"Court data" summary:"Data helps courts plan." themes:justice_data country:KE',
  );
  await h.run(
    'ana',
    '/commitment log title:"Open hearings" member:Kenya plan:2024-2028 description:"Hearing lists online." themes:open_justice_institutions',
  );
  h.clock.current = new Date('2026-12-01T10:00:00Z');
  const secretariat = staticTokenAuth(TOKEN);
  const auth: BearerAuth = async (token) =>
    (await secretariat(token)) ?? (token === BOUND ? { coalitionSlug: 'elsewhere' } : null);
  server = createHttpServer({
    ready: () => h.services.ping(),
    log: h.docket.log,
    routes: [apiRoutes({ services: h.services, log: h.docket.log, auth })],
  });
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(async () => {
  server?.close();
  await h?.close();
});

describe('secretariat API', () => {
  it('refuses a missing token with 401 and a wrong one with 403, as JSON', async () => {
    const missing = await get('/api/reports/2026', {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await missing.json()).toMatchObject({ error: 'missing_token' });
    const wrong = await get('/api/reports/2026', { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: 'wrong_token' });
  });

  it('serves the annual report as JSON by default, CSV and Markdown by Accept or ?format', async () => {
    const json = await get('/api/reports/2026');
    expect(json.status).toBe(200);
    const report = (await json.json()) as Record<string, unknown>;
    expect(report).toMatchObject({
      schemaVersion: 1,
      year: 2026,
      members: { total: 1, byType: { GOVERNMENT: 1 } },
      commitments: { total: 1 },
      learnings: { total: 1, byTheme: { JUSTICE_DATA: 1 } },
    });
    for (const key of ['members', 'commitments', 'learnings', 'meetings', 'exchanges'])
      expect(report).toHaveProperty(key);
    expect(report).toHaveProperty('meetings.rsvps');
    expect(report).toHaveProperty('exchanges.byMonth');
    const csv = await get('/api/reports/2026', { authorization: `Bearer ${TOKEN}`, accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toContain('# members_by_type\ntype,organisations\nGOVERNMENT,1');
    const md = await get('/api/reports/2026?format=md');
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await md.text()).toContain('# OGP Justice Coalition — activity in 2026');
  });

  it('serves a weekly digest', async () => {
    const res = await get('/api/digests/2026-W48');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ week: '2026-W48', figures: { learnings: 1, updates: 0 } });
  });

  it('answers malformed periods with 400 and periods not yet begun with 404', async () => {
    expect((await get('/api/digests/2026-48')).status).toBe(400);
    expect((await get('/api/digests/2026-W54')).status).toBe(400);
    expect((await get('/api/reports/twenty')).status).toBe(400);
    expect((await get('/api/reports/2026?format=xml')).status).toBe(400);
    const future = await get('/api/reports/2031');
    expect(future.status).toBe(404);
    expect(await future.json()).toMatchObject({ error: 'empty_period' });
    expect((await get('/api/digests/2027-W10')).status).toBe(404);
  });

  it('names the malformed field in a JSON 400, and never logs a stack for it', async () => {
    const before = h.logs.length;
    const cases: [string, string][] = [
      ['/api/digests/%E0%A4%A', 'bad_week'],
      ['/api/digests/%E0%A4%A?format=csv', 'bad_week'],
      ['/api/digests/2025-W53', 'bad_week'],
      ['/api/digests/2026-W48%00', 'bad_week'],
      ['/api/reports/%FF', 'bad_year'],
      ['/api/reports/1999', 'bad_year'],
      ['/api/reports/2026?format=%ZZ', 'bad_format'],
      ['/api/reports/2026?format=csv&format=md', 'bad_format'],
      ['/api/reports/2026?coalition=Not%20A%20Slug', 'bad_coalition'],
      ['/api/reports/2026?coalition=%E0%A4%A', 'bad_coalition'],
    ];
    for (const [path, error] of cases) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toMatchObject({ error, message: expect.any(String) });
    }
    const logged = h.logs.slice(before).join('');
    expect(logged).not.toContain('"stack"');
    expect(logged).not.toContain('http handler failed');
  });

  it('reads the format case-insensitively and answers HEAD like GET without a body', async () => {
    const csv = await get('/api/reports/2026?format=CSV');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('inline; filename="docket-report-2026.csv"');
    const head = await fetch(`${base}/api/digests/2026-w48`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves another coalition by ?coalition=, 404 for an unknown one, 403 for a token bound elsewhere', async () => {
    expect((await get('/api/reports/2026?coalition=justice')).status).toBe(200);
    const unknown = await get('/api/reports/2026?coalition=nowhere');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'unknown_coalition' });
    // A bound token reaches only its own coalition, which is also its default.
    const bound = await get('/api/reports/2026?coalition=justice', { authorization: `Bearer ${BOUND}` });
    expect(bound.status).toBe(403);
    expect(await bound.json()).toMatchObject({ error: 'wrong_coalition' });
    const own = await get('/api/reports/2026', { authorization: `Bearer ${BOUND}` });
    expect(await own.json()).toMatchObject({ error: 'unknown_coalition' });
  });

  it('answers other methods with 405 and Allow, unknown API paths with a JSON 404', async () => {
    const post = await fetch(`${base}/api/reports/2026`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await post.json()).toMatchObject({ error: 'method_not_allowed' });
    const unknown = await get('/api/nothing/here');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'not_found' });
  });

  it('sends no-store and the API policy on its answers, good or bad', async () => {
    for (const res of [await get('/api/reports/2026'), await get('/api/reports/2026', {})]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('is off without DOCKET_API_TOKEN', async () => {
    const off = createHttpServer({
      ready: async () => undefined,
      log: h.docket.log,
      routes: [apiRoutes({ services: h.services, log: h.docket.log })],
    });
    const port = await listen(off, 0);
    const res = await fetch(`http://127.0.0.1:${port}/api/reports/2026`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'api_disabled' });
    // Still described, so a client can see what turning it on gives.
    const doc = await fetch(`http://127.0.0.1:${port}/api/openapi.json`);
    expect(doc.status).toBe(200);
    expect(Object.keys(((await doc.json()) as { paths: object }).paths)).toContain('/api/reports/{year}');
    off.close();
  });
});

describe('/digest and /report', () => {
  it('give the secretariat the digest and the report files with a chart, and refuse others', async () => {
    const refused = await h.run('ana', '/report annual 2026');
    expect(refused.reply.lines).toEqual(['Only the coalition secretariat can do this.']);
    const digest = await h.run('sec', '/digest 2026-w48');
    expect(digest.ok).toBe(true);
    expect(digest.reply.title).toBe('Weekly digest 2026-W48');
    expect(digest.reply.lines?.[1]).toBe('   L1 · Court data');
    const lastWeek = await h.run('sec', '/digest');
    expect(lastWeek.reply.title).toBe('Weekly digest 2026-W48');
    expect((await h.run('sec', '/digest week:2026-W60')).reply.lines).toEqual([
      '• week: must be an ISO week such as 2026-W48',
    ]);
    const report = await h.run('sec', '/report annual year:2026');
    expect(report.reply.attachments?.map((a) => a.filename)).toEqual([
      'docket-report-2026.json',
      'docket-report-2026.csv',
      'docket-report-2026.md',
      'docket-report-2026.png',
    ]);
    const png = Buffer.from(report.reply.attachments![3]!.content, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
    const csvOnly = await h.run('sec', '/report annual 2026 csv');
    expect(csvOnly.reply.attachments?.map((a) => a.contentType)).toEqual(['text/csv', 'image/png']);
  });
});
