// The served OpenAPI document against the real routes: everything declared is documented, and
// everything documented answers (with a status it documents), Slack's raw routes included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../src/adapters/slack/slack.adapter.ts';
import { apiRoutes } from '../../src/http/api.routes.ts';
import { calendarRoutes } from '../../src/http/calendar.routes.ts';
import { openDataRoutes } from '../../src/http/open-data.routes.ts';
import { staticTokenAuth } from '../../src/http/bearer.middleware.ts';
import { createHttpServer, listen, type HttpServer } from '../../src/http/server.ts';
import { slackMount } from '../../src/adapters/slack/slack.mount.ts';
import { encryptionKey } from '../../src/services/index.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

const TOKEN = 'a-long-secretariat-token';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { example?: unknown; enum?: unknown[]; pattern?: string };
}
interface Operation {
  summary?: string;
  parameters?: Parameter[];
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
}

let h: Harness;
let fake: FakeSlack;
let server: HttpServer;
let base = '';
let doc: Document;
/** Path parameters that only a live record makes answer (a person's feed token). */
const live: Record<string, string> = {};

beforeAll(async () => {
  h = await harness('sqlite', { encryptionKey: encryptionKey('a-test-encryption-secret') });
  await joined(h, 'ana');
  // The feeds answer only for a coalition that publishes and a token someone holds.
  await h.run('sec', '/coalition settings publish:on');
  const calendar = await h.run('ana', '/meeting calendar');
  live['/calendar/p/{file}'] = String(calendar.reply.lines?.[1]).replace('/calendar/p/', '');
  fake = await new FakeSlack().start();
  const slack = createSlackAdapter(h.docket, h.docket.log, {
    signingSecret: 'openapi-signing-secret',
    apiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    oauth: { clientId: 'client-1', clientSecret: 'client-secret', stateSecret: 'state-secret' },
  });
  server = createHttpServer({
    ready: () => h.services.ping(),
    log: h.docket.log,
    routes: [
      apiRoutes({ services: h.services, log: h.docket.log, auth: staticTokenAuth(TOKEN) }),
      calendarRoutes({ services: h.services, log: h.docket.log }),
      openDataRoutes({ services: h.services }),
    ],
    raw: [slackMount((req, res) => slack.route(req, res), { oauth: true })],
  });
  base = `http://127.0.0.1:${await listen(server, 0)}`;
  const res = await fetch(`${base}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Document;
});
afterAll(async () => {
  server?.close();
  await fake?.stop();
  await h?.close();
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

describe('GET /api/openapi.json', () => {
  it('is OpenAPI 3.1 with the bearer scheme on the secretariat operations only', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Docket');
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const { path, op } of operations()) {
      expect(op.summary, path).toEqual(expect.any(String));
      expect(op.security ?? null, path).toEqual(
        path.startsWith('/api/') && !path.endsWith('openapi.json') ? [{ bearer: [] }] : null,
      );
    }
    const digest = doc.paths['/api/digests/{week}']!.get!;
    expect(digest.parameters?.find((p) => p.name === 'format')?.schema?.enum).toEqual(['json', 'csv', 'md']);
    expect(Object.keys(digest.responses)).toEqual(['200', '400', '401', '403', '404', '429']);
  });

  it('documents every declared route', () => {
    const declared = new Set<string>();
    for (const r of server.app.routes)
      if (r.method !== 'ALL') declared.add(`${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = new Set(operations().map((o) => `${o.method} ${o.path}`));
    expect(declared.size).toBeGreaterThanOrEqual(8);
    for (const open of [
      'get /c/{coalition}',
      'get /open/{coalition}/datapackage.json',
      'get /open/{coalition}/{file}',
    ])
      expect(declared).toContain(open);
    for (const route of declared) expect(documented, route).toContain(route);
    // And Slack's raw routes, which the framework never sees.
    for (const raw of ['post /slack/events', 'get /slack/install', 'get /slack/oauth_redirect'])
      expect(documented).toContain(raw);
  });

  it('lists only paths that answer, each with a status it documents', async () => {
    for (const { path, method, op } of operations()) {
      let url = path;
      for (const p of op.parameters ?? []) {
        if (p.in !== 'path') continue;
        const example = p.schema?.example;
        expect(example, `${path}: example for {${p.name}}`).toEqual(expect.any(String));
        url = url.replace(`{${p.name}}`, encodeURIComponent(live[path] ?? String(example)));
      }
      const res = await fetch(`${base}${url}`, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${TOKEN}` },
        redirect: 'manual',
        ...(method === 'post' ? { body: '' } : {}),
      });
      await res.arrayBuffer();
      const documented = Object.keys(op.responses);
      expect({ path, method, status: res.status }).not.toMatchObject({ status: 404 });
      expect({ path, method, status: res.status }).not.toMatchObject({ status: 405 });
      if (!documented.includes('default'))
        expect(documented, `${method} ${path}`).toContain(String(res.status));
    }
  });
});
