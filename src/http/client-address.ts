// The client's address: Fly's proxy puts the real one in Fly-Client-IP; otherwise the socket's.
import { isIP } from 'node:net';
import type { Context } from 'hono';
import type { HttpEnv } from './http-types.ts';

export function clientAddress(c: Context<HttpEnv>): string {
  const fly = c.req.header('fly-client-ip')?.trim();
  if (fly && isIP(fly)) return fly;
  // c.env is absent when a test drives the app without a socket (app.request).
  return (c.env as Partial<HttpEnv['Bindings']> | undefined)?.incoming?.socket.remoteAddress ?? 'unknown';
}
