// A publishing coalition's public face: GET /c/{coalition} (HTML), GET /open/{coalition}/datapackage.json
// and GET /open/{coalition}/{resource}.json|.csv. No token; 404 for every path of a coalition that
// does not publish (or does not exist: the two are not told apart).
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { compress } from 'hono/compress';
import { LOCALES } from '../core/i18n/index.ts';
import { dataPackage, resourceCsv, resourceJson, RESOURCES, type ResourceName } from '../core/open-data.ts';
import { PAGE_CSP, pageLocale, renderPublicPage } from '../core/public-page.ts';
import type { PublicCoalition, Services } from '../services/index.ts';
import { conditional, etagOf } from './caching.ts';
import { errorResponses, problem } from './errors.ts';
import type { HttpEnv, RouteModule } from './http-types.ts';
import { csp } from './security.middleware.ts';

/**
 * The validators come from a fingerprint of the data (computed before any rendering), so they say
 * "the same content", not "the same bytes" (which also differ by compression): weak ETags.
 */
const weakTag = (of: string) => `W/${etagOf(of)}`;

/** Public copies may be kept a few minutes; validators make a re-check cheap. */
const CACHE = 'public, max-age=300';

const Coalition = z
  .string()
  .regex(/^[a-z0-9-]{2,40}$/, 'coalition must be a slug such as justice.')
  .openapi({ param: { name: 'coalition', in: 'path' }, example: 'justice' });

const FILE = new RegExp(`^(${RESOURCES.join('|')})\\.(json|csv)$`);
const File = z
  .string()
  .regex(FILE, `The file must be one of ${RESOURCES.join(', ')}, as .json or .csv.`)
  .openapi({ param: { name: 'file', in: 'path' }, example: 'commitments.csv' });

const Lang = z.object({
  lang: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.toLowerCase() : v),
      z.enum(LOCALES, { error: 'lang must be en, fr or es.' }),
    )
    .optional()
    .openapi({ description: 'Wins over Accept-Language; else the coalition’s language.', example: 'fr' }),
});

const text = z.string();

export interface OpenDataOptions {
  services: Services;
}

/** The public origin, for the absolute links a data package needs (Fly terminates TLS before us). */
function originOf(c: Context<HttpEnv>): string {
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
  return `${proto === 'https' || proto === 'http' ? proto : url.protocol.replace(':', '')}://${url.host}`;
}

export function openDataRoutes(o: OpenDataOptions): RouteModule {
  const { services } = o;
  return (app) => {
    const notPublished = (c: Context<HttpEnv>) =>
      problem(c, 404, 'not_published', 'No coalition publishes open data at this address.');

    async function published(c: Context<HttpEnv>, slug: string) {
      const coalition = await services.openData.coalition(slug);
      if (!coalition) return null;
      const version = await services.openData.version(coalition, services.clock.now());
      return { coalition, version };
    }

    const dataHeaders = (type: string) => ({
      'content-type': type,
      // Open data: any site or notebook may read it from a browser.
      'access-control-allow-origin': '*',
    });

    app.openapi(
      createRoute({
        method: 'get',
        path: '/c/{coalition}',
        summary: 'The coalition’s public page (HTML, English, French or Spanish)',
        tags: ['open data'],
        // Compressed: the page of a full coalition year is ~300 KB of HTML, ~30 KB gzipped.
        middleware: [csp(PAGE_CSP), compress()] as const,
        request: { params: z.object({ coalition: Coalition }), query: Lang },
        responses: {
          200: { description: 'The page', content: { 'text/html': { schema: text } } },
          304: { description: 'Not modified (If-None-Match, If-Modified-Since)' },
          ...errorResponses(400, 404),
        },
      }),
      async (c) => {
        const found = await published(c, c.req.valid('param').coalition);
        if (!found) return notPublished(c);
        const { coalition, version } = found;
        const locale = pageLocale(
          c.req.valid('query').lang,
          c.req.header('accept-language'),
          coalition.locale,
        );
        c.header('vary', 'Accept-Language');
        c.header('content-language', locale);
        const notModified = conditional(c, {
          etag: weakTag(`page:${locale}:${version.fingerprint}`),
          lastModified: version.lastModified,
          cacheControl: CACHE,
        });
        if (notModified) return notModified;
        const now = services.clock.now();
        const page = { coalition, ...(await services.openData.page(coalition, now)) };
        const html = renderPublicPage(page, locale, { now, updated: version.lastModified });
        return c.body(html, 200, { 'content-type': 'text/html; charset=utf-8' });
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: '/open/{coalition}/datapackage.json',
        summary: 'The coalition’s open data as a Frictionless Data Package descriptor',
        tags: ['open data'],
        middleware: [compress()] as const,
        request: { params: z.object({ coalition: Coalition }) },
        responses: {
          200: {
            description: 'datapackage.json: licence, sources and a Table Schema per resource',
            content: {
              'application/json': {
                schema: z.looseObject({ name: z.string(), resources: z.array(z.unknown()) }),
              },
            },
          },
          304: { description: 'Not modified' },
          ...errorResponses(400, 404),
        },
      }),
      async (c) => {
        const found = await published(c, c.req.valid('param').coalition);
        if (!found) return notPublished(c);
        const { coalition, version } = found;
        const origin = originOf(c);
        const notModified = conditional(c, {
          etag: weakTag(`datapackage:${origin}:${version.fingerprint}`),
          lastModified: version.lastModified,
          cacheControl: CACHE,
        });
        if (notModified) return notModified;
        const descriptor = dataPackage({
          slug: coalition.slug,
          name: coalition.name,
          homepage: `${origin}/c/${encodeURIComponent(coalition.slug)}`,
          license: coalition.license,
          modified: version.lastModified,
        });
        return c.body(
          `${JSON.stringify(descriptor, null, 2)}\n`,
          200,
          dataHeaders('application/json; charset=utf-8'),
        );
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: '/open/{coalition}/{file}',
        summary:
          'One resource of the open data: commitments, updates, indicators, measurements, learnings or meetings',
        tags: ['open data'],
        middleware: [compress()] as const,
        request: { params: z.object({ coalition: Coalition, file: File }) },
        responses: {
          200: {
            description: 'The rows: CSV (header = the Table Schema’s field names) or a JSON array',
            content: {
              'text/csv': { schema: text },
              'application/json': { schema: z.array(z.looseObject({})) },
            },
          },
          304: { description: 'Not modified' },
          ...errorResponses(400, 404),
        },
      }),
      async (c) => {
        const { coalition: slug, file } = c.req.valid('param');
        const found = await published(c, slug);
        if (!found) return notPublished(c);
        const [, name, format] = FILE.exec(file)!;
        const resource = name as ResourceName;
        const notModified = conditional(c, {
          etag: weakTag(`${file}:${found.version.fingerprint}`),
          lastModified: found.version.lastModified,
          cacheControl: CACHE,
        });
        if (notModified) return notModified;
        const rows = await services.openData.rows(found.coalition.id, resource);
        return format === 'csv'
          ? c.body(resourceCsv(resource, rows), 200, {
              ...dataHeaders('text/csv; charset=utf-8; header=present'),
              'content-disposition': `inline; filename="${slugFile(found.coalition, file)}"`,
            })
          : c.body(
              `${JSON.stringify(resourceJson(resource, rows))}\n`,
              200,
              dataHeaders('application/json; charset=utf-8'),
            );
      },
    );
  };
}

const slugFile = (c: PublicCoalition, file: string) => `${c.slug}-${file}`;
