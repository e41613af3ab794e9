// A fake Slack on 127.0.0.1: the Web API the real WebClient calls, response_url endpoints, file
// uploads, and a signer that signs requests exactly as Slack does.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { createHttpServer, listen } from '../../src/http/server.ts';
import { slackMount } from '../../src/adapters/slack/slack.mount.ts';

export interface Call {
  method: string;
  args: Record<string, unknown>;
  /** Answered 429 by `limit`. */
  limited?: boolean;
  /** The bearer token the call was made with. */
  token?: string;
}

export interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  locale?: string;
  tz?: string;
}

export class FakeSlack {
  calls: Call[] = [];
  responses: { path: string; body: Record<string, unknown> }[] = [];
  uploads: { id: string; content: string }[] = [];
  users = new Map<string, SlackUser>();
  /** Per method, statuses to answer before succeeding: e.g. [429] once. */
  failures = new Map<string, { status: number; retryAfter?: number }[]>();
  /** A rate limiter: returns Retry-After seconds to answer 429, or null to serve the call. */
  limit: ((method: string, args: Record<string, unknown>) => number | null) | null = null;
  private server = http.createServer((req, res) => void this.handle(req, res));
  /** Socket Mode: the socket Bolt opens after apps.connections.open, and the acks it sends. */
  private wss = new WebSocketServer({ server: this.server, path: '/socket' });
  sockets = new Set<WebSocket>();
  acks: { envelope_id: string; payload?: unknown }[] = [];
  private ts = 1_700_000_000;
  port = 0;

  get apiUrl() {
    return `http://127.0.0.1:${this.port}/api/`;
  }
  responseUrl(id: string) {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** Pushes an envelope to every Socket Mode connection. */
  push(envelope: Record<string, unknown>) {
    for (const s of this.sockets) s.send(JSON.stringify(envelope));
  }

  async start() {
    this.wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => this.acks.push(JSON.parse(String(data)) as { envelope_id: string }));
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A1' },
        }),
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }
  async stop() {
    for (const s of this.sockets) s.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  callsTo(method: string) {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = req.url ?? '';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.startsWith('/response/')) {
      this.responses.push({ path: url, body: JSON.parse(raw) as Record<string, unknown> });
      return send(200, { ok: true });
    }
    if (url.startsWith('/upload/')) {
      this.uploads.push({ id: url.slice('/upload/'.length), content: raw });
      return send(200, { ok: true });
    }
    const method = url.replace(/^\/api\//, '').split('?')[0]!;
    const args: Record<string, unknown> = (req.headers['content-type'] ?? '').includes('json')
      ? (JSON.parse(raw || '{}') as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(raw));
    for (const key of ['blocks', 'view'])
      if (typeof args[key] === 'string') args[key] = JSON.parse(args[key] as string);
    const retryAfter = this.limit?.(method, args) ?? null;
    const token =
      /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ??
      (typeof args.token === 'string' ? args.token : undefined);
    this.calls.push({ method, args, token, ...(retryAfter !== null ? { limited: true } : {}) });
    if (retryAfter !== null)
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
    const failure = this.failures.get(method)?.shift();
    if (failure)
      return send(
        failure.status,
        { ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal_error' },
        failure.retryAfter ? { 'retry-after': String(failure.retryAfter) } : {},
      );
    const ts = `${this.ts++}.000100`;
    switch (method) {
      case 'apps.connections.open':
        return send(200, { ok: true, url: `ws://127.0.0.1:${this.port}/socket` });
      case 'oauth.v2.access': {
        // The code names the workspace being installed (T1, T2…).
        const team = String(args.code);
        return send(200, {
          ok: true,
          app_id: 'A1',
          authed_user: { id: `U-${team}` },
          scope: 'commands,chat:write',
          token_type: 'bot',
          access_token: `xoxb-${team}-secret`,
          bot_user_id: 'UBOT',
          team: { id: team, name: `Workspace ${team}` },
          enterprise: null,
          is_enterprise_install: false,
        });
      }
      case 'auth.test':
        return send(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'docket' });
      case 'users.info': {
        const user = this.users.get(String(args.user)) ?? { id: String(args.user), name: String(args.user) };
        return send(200, { ok: true, user });
      }
      case 'chat.postMessage':
        return send(200, { ok: true, channel: args.channel, ts, message: { ts } });
      case 'chat.postEphemeral':
        return send(200, { ok: true, message_ts: ts });
      case 'chat.update':
        return send(200, { ok: true, channel: args.channel, ts: args.ts });
      case 'views.open':
        return send(200, { ok: true, view: { id: 'V1' } });
      case 'conversations.open':
        return send(200, { ok: true, channel: { id: `D${String(args.users)}` } });
      case 'files.getUploadURLExternal':
        return send(200, {
          ok: true,
          upload_url: `http://127.0.0.1:${this.port}/upload/F${this.uploads.length + 1}`,
          file_id: `F${this.uploads.length + 1}`,
        });
      case 'files.completeUploadExternal':
        return send(200, { ok: true, files: [{ id: 'F1' }] });
      default:
        return send(200, { ok: false, error: 'unknown_method' });
    }
  }
}

export function sign(secret: string, body: string, ts = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': signature,
    'content-type': 'application/x-www-form-urlencoded',
  };
}

export async function postSigned(
  url: string,
  secret: string,
  fields: Record<string, string>,
  o: { ts?: number; headers?: Record<string, string> } = {},
) {
  const body = new URLSearchParams(fields).toString();
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { ...sign(secret, body, o.ts), ...(o.headers ?? {}) },
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: () => (text ? (JSON.parse(text) as Record<string, unknown>) : {}),
  };
}

export async function postSignedJson(
  url: string,
  secret: string,
  payload: unknown,
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { ...sign(secret, body), 'content-type': 'application/json', ...headers },
  });
  return { status: res.status, text: await res.text() };
}

/** The Slack adapter mounted on Docket's HTTP server, on a free port, as production mounts it. */
export async function serveSlack(
  adapter: { route(req: http.IncomingMessage, res: http.ServerResponse): boolean },
  log: Parameters<typeof createHttpServer>[0]['log'],
) {
  const server = createHttpServer({
    ready: async () => undefined,
    log,
    raw: [slackMount((req, res) => adapter.route(req, res))],
  });
  const base = `http://127.0.0.1:${await listen(server, 0)}`;
  return { base, close: () => server.close() };
}
