// Health and readiness for Fly's checks; Slack's receiver and the secretariat API mount here too.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/log.ts';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean> | boolean;

export interface HttpOptions {
  ready: () => Promise<void>;
  log: Logger;
  routes?: Route[];
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

export function createHttpServer(o: HttpOptions): http.Server {
  return http.createServer((req, res) => {
    // One correlation id per request: taken from the proxy when it sends one, echoed back.
    const header = req.headers['x-request-id'];
    const correlationId =
      typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID().slice(0, 8);
    res.setHeader('x-request-id', correlationId);
    void (async () => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/healthz') return json(res, 200, { status: 'ok' });
      if (req.method === 'GET' && path === '/readyz') {
        try {
          await o.ready();
          return json(res, 200, { status: 'ready' });
        } catch (error) {
          o.log.warn({ err: error, correlationId }, 'readiness check failed');
          return json(res, 503, { status: 'unavailable' });
        }
      }
      for (const route of o.routes ?? []) if (await route(req, res)) return;
      json(res, 404, { error: 'not_found' });
    })().catch((error: unknown) => {
      o.log.error({ err: error, correlationId, path: (req.url ?? '').split('?')[0] }, 'http handler failed');
      if (!res.headersSent) json(res, 500, { error: 'internal' });
    });
  });
}

export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
