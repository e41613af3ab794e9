// Open data and the public page over real HTTP: opt-in (404 until the secretariat publishes, and
// again after), a Frictionless Data Package that validates against the specification's own JSON
// Schema profiles (test/fixtures/frictionless, written from the v1 specs: no internet here), every
// CSV checked against its Table Schema (types, required, enums, primary and foreign keys), nothing
// about people, caching validators, languages and the page's Content-Security-Policy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CSP, PAGE_STYLE } from '../../src/core/public-page.ts';
import { openDataRoutes } from '../../src/http/open-data.routes.ts';
import { createHttpServer, listen, type HttpServer } from '../../src/http/server.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

const PROFILES = path.resolve(import.meta.dirname, '..', 'fixtures', 'frictionless');
const profile = (name: string) => JSON.parse(readFileSync(path.join(PROFILES, name), 'utf8')) as object;

interface Field {
  name: string;
  type: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean; enum?: string[]; pattern?: string };
}
interface Schema {
  fields: Field[];
  primaryKey: string[] | string;
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
  missingValues?: string[];
}
interface Descriptor {
  name: string;
  licenses: { name: string; path: string }[];
  sources: { title: string; path: string }[];
  homepage: string;
  resources: { name: string; path: string; schema: Schema }[];
}

function validators() {
  // Strict about unknown keywords; not about "type" and "required" beside anyOf, which the profiles
  // leave implicit here and there.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  // The profiles' editor hints and Frictionless's own "textarea" format (any text).
  ajv.addVocabulary(['propertyOrder', 'context', 'options']);
  ajv.addFormat('textarea', true);
  return {
    dataPackage: ajv.compile(profile('data-package.json')),
    tableSchema: ajv.compile(profile('table-schema.json')),
  };
}

const TRUE = ['true', 'True', 'TRUE', '1'];
const FALSE = ['false', 'False', 'FALSE', '0'];
function typeOk(f: Field, v: string): boolean {
  switch (f.type) {
    case 'string':
      if (f.format === 'uri') {
        try {
          return /^[a-z][a-z0-9+.-]*:/i.test(v) && Boolean(new URL(v));
        } catch {
          return false;
        }
      }
      return true;
    case 'integer':
      return /^[+-]?\d+$/.test(v);
    case 'number':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v);
    case 'boolean':
      return TRUE.includes(v) || FALSE.includes(v);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    case 'datetime':
      // Table Schema's default datetime format: ISO 8601 in UTC, `2026-11-27T12:00:00Z`.
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v) && !Number.isNaN(Date.parse(v));
    default:
      return false;
  }
}

/** Checks one CSV against its Table Schema; returns its rows as objects (null when missing). */
function checkTable(name: string, csv: string, schema: Schema): Record<string, string | null>[] {
  const [header, ...rows] = parse(csv, { bom: true }) as string[][];
  expect(header, `${name}: header`).toEqual(schema.fields.map((f) => f.name));
  expect(csv.endsWith('\r\n'), `${name}: CRLF line ends`).toBe(true);
  const missing = schema.missingValues ?? [''];
  const out = rows.map((row, i) => {
    expect(row.length, `${name} row ${i + 2}: cells`).toBe(schema.fields.length);
    return Object.fromEntries(
      schema.fields.map((f, j) => {
        const v = row[j]!;
        if (missing.includes(v)) {
          expect(f.constraints?.required ?? false, `${name}.${f.name} row ${i + 2}: required`).toBe(false);
          return [f.name, null];
        }
        expect(typeOk(f, v), `${name}.${f.name} row ${i + 2}: "${v}" is a ${f.type}`).toBe(true);
        if (f.constraints?.enum) expect(f.constraints.enum, `${name}.${f.name}`).toContain(v);
        if (f.constraints?.pattern)
          expect(new RegExp(`^(?:${f.constraints.pattern})$`).test(v), `${name}.${f.name}: ${v}`).toBe(true);
        return [f.name, v];
      }),
    );
  });
  for (const f of schema.fields.filter((x) => x.constraints?.unique)) {
    const values = out.map((r) => r[f.name]).filter((v) => v !== null);
    expect(new Set(values).size, `${name}.${f.name}: unique`).toBe(values.length);
  }
  const key = typeof schema.primaryKey === 'string' ? [schema.primaryKey] : schema.primaryKey;
  const keys = out.map((r) => key.map((k) => r[k]));
  for (const k of keys) expect(k.includes(null), `${name}: primary key present`).toBe(false);
  expect(new Set(keys.map((k) => JSON.stringify(k))).size, `${name}: primary key unique`).toBe(keys.length);
  return out;
}

describe.each(PROVIDERS)('open data and the public page on %s', (provider) => {
  let h: Harness;
  let server: HttpServer;
  let base = '';
  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${base}${p}`, { headers });
  const must = async (person: string, line: string) => {
    const out = await h.run(person, line);
    if (!out.ok) throw new Error(`${line}: ${JSON.stringify(out.reply.lines)}`);
  };

  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
    await joined(h, 'wanjiru', 'Judiciary of Kenya', 'government');
    await joined(h, 'carla', 'Fundación Justicia', 'civil_society');
    h.clock.current = new Date('2026-03-01T10:00:00Z');
    await must(
      'wanjiru',
      '/commitment log title:"Open court hearings online" member:Kenya plan:2024-2028 description:"Publish hearing lists, and judgments, online: \\"all courts\\"." themes:open_justice_institutions,justice_data ogp_id:KE0034 people_centred:yes',
    );
    await must(
      'wanjiru',
      '/commitment update C1 limited "=SUM(A1) hearing lists in 10 counties." evidence:https://judiciary.example.org/lists',
    );
    await must(
      'wanjiru',
      '/commitment indicator C1 sdg:16.3.3 baseline:32 baseline_date:2024-01-15 target:60 target_date:2027-12-31 source:https://knbs.example.org/2024',
    );
    await must(
      'wanjiru',
      '/commitment indicator C1 name:"Days to judgment" unit:days direction:down baseline:-1.5 baseline_date:2024-01-01 target:-30 target_date:2027-12-31',
    );
    await must(
      'wanjiru',
      '/commitment measure C1 indicator:I1 value:38 date:2025-06-30 source:https://knbs.example.org/2025',
    );
    await must(
      'wanjiru',
      '/commitment measure C1 indicator:I1 value:44.5 date:2026-02-28 source:https://knbs.example.org/2026',
    );
    await must(
      'carla',
      '/learning share title:"Paralegal networks" summary:"Community paralegals resolved most land disputes." themes:legal_empowerment url:https://example.org/paralegals country:Kenya',
    );
    await must(
      'carla',
      '/learning share title:"Court dashboards" summary:"Weekly dashboards shortened detention." themes:justice_data',
    );
    // An organisation the secretariat has not verified: its people may share, nothing is published.
    await must('pat', '/member join organization:"Unvetted Institute" type:civil_society');
    await must(
      'pat',
      '/learning share title:"Unvetted claims" summary:"Shared before the secretariat verified us." themes:justice_data url:https://unvetted.example.org',
    );
    await must(
      'wanjiru',
      '/meeting schedule title:"Justice data working group" start:"2026-04-03 15:00" duration:90 link:https://meet.example.org/secret-room agenda:"Survey results"',
    );
    await must('carla', '/meeting rsvp M1 yes');
    await must(
      'wanjiru',
      '/meeting schedule title:"Cancelled one" start:"2026-04-10 15:00" link:https://meet.example.org/other',
    );
    await must('wanjiru', '/meeting cancel M2');
    await must(
      'sec',
      '/meeting schedule title:"Annual meeting" start:"2026-09-10 09:00" kind:in_person location:"OGP Summit, Vitoria-Gasteiz"',
    );
    const coalition = (await h.db.coalition.findFirstOrThrow()).id;
    await h.services.transaction((s) =>
      s.imports.commitments(coalition, [
        {
          ogpId: 'CO0112',
          title: 'Casas de justicia in every municipality',
          member: 'Colombia',
          plan: '2023-2025',
          description: 'From the IRM export.',
          institution: 'Ministerio de Justicia',
          themes: ['ACCESS_TO_JUSTICE'],
          completion: 'SUBSTANTIAL',
          peopleCentred: true,
        },
      ]),
    );
    server = createHttpServer({
      ready: () => h.services.ping(),
      log: h.docket.log,
      routes: [openDataRoutes({ services: h.services })],
    });
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  });
  afterAll(async () => {
    server?.close();
    await h?.close();
  });

  const PATHS = [
    '/c/justice',
    '/open/justice/datapackage.json',
    '/open/justice/commitments.csv',
    '/open/justice/meetings.json',
  ];

  it.skipIf(!available(provider))(
    'answers 404 everywhere until the secretariat publishes, and 400 for malformed paths',
    async () => {
      for (const p of PATHS) expect((await get(p)).status, p).toBe(404);
      expect(await (await get('/open/justice/datapackage.json')).json()).toMatchObject({
        error: 'not_published',
      });
      expect((await get('/open/justice/people.csv')).status).toBe(400);
      expect((await get('/c/justice?lang=de')).status).toBe(400);
      const refused = await h.run('wanjiru', '/coalition settings publish:on');
      expect(refused.ok).toBe(false);
      const on = await h.run('sec', '/coalition settings publish:on');
      expect(on.ok).toBe(true);
      expect(await h.text('sec', '/coalition settings')).toContain(
        'public page /c/justice, open data /open/justice/datapackage.json, calendar /calendar/justice.ics',
      );
      for (const p of PATHS) expect((await get(p)).status, p).toBe(200);
      expect((await get('/c/nowhere')).status).toBe(404);
    },
  );

  it.skipIf(!available(provider))(
    'serves a Data Package that validates against the Frictionless profiles, each CSV true to its Table Schema',
    async () => {
      const { dataPackage, tableSchema } = validators();
      const res = await get('/open/justice/datapackage.json');
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const descriptor = (await res.json()) as Descriptor;
      expect(dataPackage(descriptor), JSON.stringify(dataPackage.errors)).toBe(true);
      // The profiles are no rubber stamp: what the specification forbids, they refuse.
      expect(dataPackage({ ...descriptor, name: 'Docket Justice' })).toBe(false);
      expect(dataPackage({ ...descriptor, licenses: [{ title: 'no name, no path' }] })).toBe(false);
      expect(dataPackage({ ...descriptor, resources: [{ name: 'x', path: '../escape.csv' }] })).toBe(false);
      expect(tableSchema({ fields: [{ name: 'x', type: 'text' }] })).toBe(false);
      expect(tableSchema({ fields: [{ name: 'x', type: 'string', format: 'url' }] })).toBe(false);
      expect(descriptor.name).toBe('docket-justice');
      expect(descriptor.licenses).toEqual([
        {
          name: 'CC-BY-4.0',
          path: 'https://creativecommons.org/licenses/by/4.0/',
          title: 'Creative Commons Attribution 4.0',
        },
      ]);
      expect(descriptor.homepage).toBe(`${base}/c/justice`);
      expect(descriptor.sources.length).toBeGreaterThan(0);
      expect(descriptor.resources.map((r) => r.name)).toEqual([
        'commitments',
        'updates',
        'indicators',
        'measurements',
        'learnings',
        'meetings',
      ]);
      const tables: Record<string, Record<string, string | null>[]> = {};
      for (const r of descriptor.resources) {
        expect(tableSchema(r.schema), `${r.name}: ${JSON.stringify(tableSchema.errors)}`).toBe(true);
        const csv = await get(new URL(r.path, `${base}/open/justice/datapackage.json`).pathname);
        expect(csv.status, r.path).toBe(200);
        expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
        tables[r.name] = checkTable(r.name, await csv.text(), r.schema);
      }
      for (const r of descriptor.resources)
        for (const fk of r.schema.foreignKeys ?? []) {
          const target = new Set(
            tables[fk.reference.resource || r.name]!.map((row) =>
              JSON.stringify(fk.reference.fields.map((f) => row[f])),
            ),
          );
          for (const row of tables[r.name]!) {
            const value = fk.fields.map((f) => row[f]);
            if (!value.includes(null))
              expect(target, `${r.name} → ${fk.reference.resource}`).toContain(JSON.stringify(value));
          }
        }
      expect(
        tables.commitments!.map((c) => [c.id, c.ogp_id, c.origin, c.completion, c.people_centred]),
      ).toEqual([
        ['C1', 'KE0034', 'member', 'LIMITED', 'true'],
        ['C2', 'CO0112', 'ogp_import', 'SUBSTANTIAL', 'true'],
      ]);
      expect(tables.commitments![0]!.description).toBe(
        'Publish hearing lists, and judgments, online: "all courts".',
      );
      // A formula-looking note is defused in the CSV; the JSON keeps the exact text.
      expect(tables.updates![0]!.note).toBe("'=SUM(A1) hearing lists in 10 counties.");
      expect(
        tables.indicators!.map((i) => [
          i.id,
          i.commitment_id,
          i.sdg_indicator,
          i.direction,
          i.baseline_value,
          i.latest_value,
          i.latest_date,
        ]),
      ).toEqual([
        ['I1', 'C1', '16.3.3', 'up', '32', '44.5', '2026-02-28'],
        ['I2', 'C1', null, 'down', '-1.5', null, null],
      ]);
      expect(tables.measurements!.map((m) => [m.indicator_id, m.date, m.value, m.source_url])).toEqual([
        ['I1', '2025-06-30', '38', 'https://knbs.example.org/2025'],
        ['I1', '2026-02-28', '44.5', 'https://knbs.example.org/2026'],
      ]);
      expect(tables.meetings!.map((m) => [m.id, m.kind, m.status, m.location])).toEqual([
        ['M1', 'VIRTUAL', 'scheduled', null],
        ['M2', 'VIRTUAL', 'cancelled', null],
        ['M3', 'IN_PERSON', 'scheduled', 'OGP Summit, Vitoria-Gasteiz'],
      ]);
      const updates = (await (await get('/open/justice/updates.json')).json()) as { note: string }[];
      expect(updates[0]!.note).toBe('=SUM(A1) hearing lists in 10 counties.');
      const measurements = (await (await get('/open/justice/measurements.json')).json()) as unknown[];
      expect(measurements[1]).toEqual({
        indicator_id: 'I1',
        commitment_id: 'C1',
        date: '2026-02-28',
        value: 44.5,
        source_url: 'https://knbs.example.org/2026',
        note: null,
      });
    },
  );

  it.skipIf(!available(provider))(
    'never publishes people, join links, organisers, agendas or answers, nor unverified organisations',
    async () => {
      const bodies = await Promise.all(
        [
          '/c/justice',
          '/c/justice?lang=fr',
          '/open/justice/datapackage.json',
          ...['commitments', 'updates', 'indicators', 'measurements', 'learnings', 'meetings'].flatMap(
            (r) => [`/open/justice/${r}.csv`, `/open/justice/${r}.json`],
          ),
        ].map(async (p) => (await get(p)).text()),
      );
      const people = await h.db.person.findMany({ select: { displayName: true } });
      expect(people.length).toBeGreaterThan(2);
      for (const body of bodies) {
        for (const p of people) expect(body).not.toMatch(new RegExp(`\\b${p.displayName}\\b`));
        expect(body).not.toContain('meet.example.org');
        expect(body).not.toContain('Survey results');
        expect(body).not.toMatch(/rsvp|organi[sz]er/i);
        expect(body).not.toMatch(/Unvetted/);
      }
      expect(await h.db.learning.count()).toBe(3);
      const learnings = (await (await get('/open/justice/learnings.json')).json()) as { id: string }[];
      expect(learnings.map((l) => l.id)).toEqual(['L1', 'L2']);
    },
  );

  it.skipIf(!available(provider))(
    'renders the page in the asked language, with charts, the calendar feed and the data package link, under a strict CSP',
    async () => {
      const fr = await get('/c/justice', { 'accept-language': 'de-DE, fr;q=0.9, en;q=0.5' });
      expect(fr.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(fr.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expect(PAGE_CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src 'self'/);
      expect(fr.headers.get('content-language')).toBe('fr');
      expect(fr.headers.get('vary')).toBe('Accept-Language, Accept-Encoding');
      const html = await fr.text();
      expect(html.startsWith('<!doctype html><html lang="fr">')).toBe(true);
      expect(html).toContain(`<style>${PAGE_STYLE}</style>`);
      expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/);
      expect(html).toContain('<h2 id="commitments">Engagements</h2>');
      expect(html).toContain(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 170" width="360" height="170" role="img" aria-labelledby="chart-I1-title" aria-describedby="I1-caption"',
      );
      expect(html).toContain('45\u00a0% du chemin de la référence à la cible.');
      expect(html).toContain('<a href="/calendar/justice.ics">');
      expect(html).toContain('<a href="/open/justice/datapackage.json" id="datapackage">');
      expect(html).toContain('Annual meeting'); // upcoming
      expect(html).not.toContain('Cancelled one');
      expect(html).toContain(
        '<a href="https://example.org/paralegals" rel="nofollow">Paralegal networks</a>',
      );
      const es = await (await get('/c/justice?lang=es', { 'accept-language': 'fr' })).text();
      expect(es).toContain('<html lang="es">');
      expect(es).toContain('Compromisos');
      const en = await (await get('/c/justice', { 'accept-language': 'de' })).text();
      expect(en).toContain('<html lang="en">'); // the coalition's language
    },
  );

  it.skipIf(!available(provider))(
    'answers conditional requests with 304 until the data changes',
    async () => {
      const first = await get('/c/justice?lang=en');
      const etag = first.headers.get('etag')!;
      const modified = first.headers.get('last-modified')!;
      // Weak once compressed (the bytes differ by encoding); weak comparison still matches it.
      expect(first.headers.get('content-encoding')).toBe('gzip');
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers.get('cache-control')).toBe('public, max-age=300');
      expect((await get('/c/justice?lang=en', { 'if-none-match': etag })).status).toBe(304);
      expect((await get('/c/justice?lang=en', { 'if-modified-since': modified })).status).toBe(304);
      expect((await get('/c/justice?lang=fr', { 'if-none-match': etag })).status).toBe(200);
      const csv = await get('/open/justice/measurements.csv');
      const csvTag = csv.headers.get('etag')!;
      expect((await get('/open/justice/measurements.csv', { 'if-none-match': csvTag })).status).toBe(304);
      h.clock.advance(60_000);
      await must(
        'wanjiru',
        '/commitment measure C1 indicator:I2 value:-10 date:2026-02-01 source:https://stats.example.org/d',
      );
      expect((await get('/c/justice?lang=en', { 'if-none-match': etag })).status).toBe(200);
      expect((await get('/open/justice/measurements.csv', { 'if-none-match': csvTag })).status).toBe(200);
      // A meeting that has begun leaves "upcoming": the page changes with no write at all.
      const now = await get('/c/justice?lang=en');
      h.clock.current = new Date('2026-04-03T14:00:00Z');
      expect((await get('/c/justice?lang=en', { 'if-none-match': now.headers.get('etag')! })).status).toBe(
        200,
      );
    },
  );

  it.skipIf(!available(provider))(
    'takes the licence the secretariat sets, and stops at publish:off',
    async () => {
      await must('sec', '/coalition settings license:cc0-1.0');
      const d = (await (await get('/open/justice/datapackage.json')).json()) as Descriptor;
      expect(d.licenses[0]).toMatchObject({
        name: 'CC0-1.0',
        path: 'https://creativecommons.org/publicdomain/zero/1.0/',
      });
      expect(await (await get('/c/justice')).text()).toContain('rel="license">CC0-1.0</a>');
      await must('sec', '/coalition settings publish:off');
      for (const p of PATHS) expect((await get(p)).status, p).toBe(404);
    },
  );
});
