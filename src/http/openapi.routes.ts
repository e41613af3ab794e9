// GET /api/openapi.json: OpenAPI 3.1 generated from the same declarations that route and validate.
import { createRoute, z } from '@hono/zod-openapi';
import { conditional, etagOf } from './caching.ts';
import type { HttpApp, RouteModule } from './http-types.ts';

export const OPENAPI_PATH = '/api/openapi.json';

export function openApiDocument(app: HttpApp) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Docket',
      version: '1.0.0',
      description:
        'HTTP interface of Docket, the chat-ops bot of the OGP Justice Coalition: health, the secretariat API, open data and the public page, Slack.',
    },
  });
}

export function openApiRoutes(): RouteModule {
  return (app) => {
    // Built on first request, after every module has declared its routes; the routes never change.
    let served: { body: string; etag: string } | undefined;
    app.openapi(
      createRoute({
        method: 'get',
        path: OPENAPI_PATH,
        summary: 'This OpenAPI 3.1 description (no token needed)',
        tags: ['meta'],
        responses: {
          200: {
            description: 'The OpenAPI document',
            content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } },
          },
          304: { description: 'Not modified (If-None-Match)' },
        },
      }),
      (c) => {
        if (!served) {
          const body = JSON.stringify(openApiDocument(app), null, 2);
          served = { body, etag: etagOf(body) };
        }
        const notModified = conditional(c, { etag: served.etag, cacheControl: 'no-cache' });
        if (notModified) return notModified;
        return c.body(served.body, 200, { 'content-type': 'application/json; charset=utf-8' });
      },
    );
  };
}
