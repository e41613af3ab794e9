// Liveness and readiness for Fly's checks.
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteModule } from './http-types.ts';

const Status = (example: string) => z.object({ status: z.string().openapi({ example }) });

export function healthRoutes(ready: () => Promise<void>): RouteModule {
  return (app, { log }) => {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/healthz',
        summary: 'Liveness: the process answers',
        tags: ['operations'],
        responses: {
          200: { description: 'Alive', content: { 'application/json': { schema: Status('ok') } } },
        },
      }),
      (c) => c.json({ status: 'ok' }, 200),
    );
    app.openapi(
      createRoute({
        method: 'get',
        path: '/readyz',
        summary: 'Readiness: the database is reachable and the instance is not stopping',
        tags: ['operations'],
        responses: {
          200: { description: 'Ready', content: { 'application/json': { schema: Status('ready') } } },
          503: {
            description: 'Not ready',
            content: { 'application/json': { schema: Status('unavailable') } },
          },
        },
      }),
      async (c) => {
        try {
          await ready();
          return c.json({ status: 'ready' }, 200);
        } catch (error) {
          log.warn({ err: error, correlationId: c.get('requestId') }, 'readiness check failed');
          return c.json({ status: 'unavailable' }, 503);
        }
      },
    );
  };
}
