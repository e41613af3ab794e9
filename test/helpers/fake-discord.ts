// A fake Discord on 127.0.0.1: the REST routes discord.js calls and a gateway that says HELLO,
// answers IDENTIFY with READY + GUILD_CREATE, heartbeats, RESUME, and dispatches what tests send.
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { GuildMemberFlags } from 'discord-api-types/v10';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageFlags,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandAutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentButtonInteraction,
  type APIModalSubmitInteraction,
} from 'discord-api-types/v10';

export const APP_ID = '100000000000000001';
export const BOT_ID = '100000000000000002';
export const GUILD_ID = '200000000000000001';
export const CHANNEL_ID = '300000000000000001';

export interface RestCall {
  method: string;
  path: string;
  body: unknown;
  raw: string;
}

let snowflake = 500000000000000000n;
/** The DM channel the fake opens for a user. */
export const dmChannelOf = (userId: string) =>
  String(900000000000000000n + (BigInt(userId) % 100000000000000000n));
const nextId = () => String(++snowflake);

export class FakeDiscord {
  calls: RestCall[] = [];
  identifies = 0;
  resumes = 0;
  private sockets = new Set<WebSocket>();
  private seq = 0;
  private server = http.createServer((req, res) => void this.handle(req, res));
  private wss = new WebSocketServer({ server: this.server, path: '/gateway' });
  port = 0;
  commands: unknown[] = [];

  get apiUrl() {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start() {
    this.wss.on('connection', (socket) => this.connect(socket));
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

  /** Ends the gateway connection as a network drop would (resumable close code). */
  drop() {
    for (const s of this.sockets) s.close(4000, 'dropped');
  }

  get connected() {
    return this.sockets.size;
  }

  dispatch(t: string, d: unknown) {
    for (const s of this.sockets) s.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
  }

  callsTo(pattern: RegExp, method?: string) {
    return this.calls.filter((c) => pattern.test(c.path) && (!method || c.method === method));
  }

  private connect(socket: WebSocket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { op: number; d: unknown };
      if (msg.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (msg.op === 2) {
        this.identifies++;
        socket.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.seq, d: this.ready() }));
        socket.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++this.seq, d: this.guild() }));
      }
      if (msg.op === 6) {
        this.resumes++;
        socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.seq, d: {} }));
      }
    });
  }

  private ready() {
    return {
      v: 10,
      user: {
        id: BOT_ID,
        username: 'Docket',
        discriminator: '0000',
        global_name: null,
        avatar: null,
        bot: true,
      },
      guilds: [{ id: GUILD_ID, unavailable: true }],
      session_id: 'session-1',
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
      shard: [0, 1],
      application: { id: APP_ID, flags: 0 },
    };
  }

  private guild() {
    return {
      id: GUILD_ID,
      name: 'Justice Coalition',
      icon: null,
      owner_id: BOT_ID,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      system_channel_flags: 0,
      preferred_locale: 'en-US',
      premium_progress_bar_enabled: false,
      features: [],
      emojis: [],
      stickers: [],
      roles: [
        {
          id: GUILD_ID,
          name: '@everyone',
          permissions: '0',
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      channels: [
        {
          id: CHANNEL_ID,
          type: ChannelType.GuildText,
          name: 'general',
          guild_id: GUILD_ID,
          position: 0,
          permission_overwrites: [],
        },
      ],
      threads: [],
      members: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      member_count: 1,
      large: false,
      unavailable: false,
      joined_at: new Date().toISOString(),
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const path = (req.url ?? '').replace(/^\/api\/v10/, '').split('?')[0]!;
    let body: unknown = raw;
    if ((req.headers['content-type'] ?? '').includes('json') && raw) body = JSON.parse(raw);
    else if ((req.headers['content-type'] ?? '').includes('multipart')) {
      const json = /name="payload_json"[^\n]*\r?\n(?:[^\n]*\r?\n)*?\r?\n(\{.*\})\r?\n/.exec(raw)?.[1];
      body = json ? JSON.parse(json) : raw;
    }
    const call: RestCall = { method: req.method ?? 'GET', path, body, raw };
    this.calls.push(call);
    const send = (status: number, payload?: unknown) => {
      // Like Discord: a 204 has no body and no content type.
      res.writeHead(status, payload === undefined ? {} : { 'content-type': 'application/json' });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (path === '/gateway/bot' || path === '/gateway') {
      return send(200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return send(204);
    if (/^\/webhooks\/\d+\/[^/]+(\/messages\/(@|%40)original)?$/.test(path))
      return send(200, this.message(body));
    if (/^\/channels\/\d+\/messages$/.test(path)) return send(200, this.message(body));
    if (/^\/channels\/\d+\/messages\/\d+$/.test(path) && req.method === 'PATCH')
      return send(200, this.message(body));
    // Direct messages: one channel per recipient, its id derived from theirs.
    if (/^\/users\/(@|%40)me\/channels$/.test(path) && req.method === 'POST')
      return send(200, { id: dmChannelOf((body as { recipient_id: string }).recipient_id), type: 1 });
    if (/^\/guilds\/\d+\/scheduled-events(\/\d+)?$/.test(path))
      return send(200, { id: path.split('/')[4] ?? nextId(), ...(body as object) });
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && req.method === 'PUT') {
      this.commands = (body as unknown[]).map((c, i) => ({
        ...(c as object),
        id: String(600000000000000000n + BigInt(i)),
        application_id: APP_ID,
        version: '1',
      }));
      return send(200, this.commands);
    }
    send(404, { message: 'Unknown route', code: 0 });
  }

  private message(body: unknown): APIMessage {
    const b = (body ?? {}) as Partial<APIMessage>;
    return {
      id: nextId(),
      channel_id: CHANNEL_ID,
      author: {
        id: BOT_ID,
        username: 'Docket',
        discriminator: '0000',
        global_name: null,
        avatar: null,
        bot: true,
      },
      content: b.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: b.embeds ?? [],
      pinned: false,
      type: 0,
      flags: b.flags ?? 0,
      components: b.components ?? [],
    } as APIMessage;
  }
}

// Interaction payloads, typed so the compiler keeps them complete (discord.js rejects partial ones).

const member = (userId: string, name: string): APIInteractionGuildMember => ({
  user: { id: userId, username: name, discriminator: '0', global_name: name, avatar: null },
  roles: [],
  permissions: '2248473465835073',
  joined_at: '2026-01-01T00:00:00.000Z',
  deaf: false,
  mute: false,
  flags: 0 as GuildMemberFlags,
});

const common = (userId: string, name: string, locale: Locale) => ({
  id: nextId(),
  application_id: APP_ID,
  guild_id: GUILD_ID,
  channel_id: CHANNEL_ID,
  channel: { id: CHANNEL_ID, type: ChannelType.GuildText as const },
  member: member(userId, name),
  token: `token-${nextId()}`,
  version: 1 as const,
  app_permissions: '2248473465835073',
  locale,
  guild_locale: Locale.EnglishUS,
  entitlements: [],
  authorizing_integration_owners: { '0': GUILD_ID },
  context: InteractionContextType.Guild,
  attachment_size_limit: 10_485_760,
});

export type OptionValue = string | number | boolean;

function basicOptions(
  options: Record<string, OptionValue>,
): APIApplicationCommandInteractionDataBasicOption[] {
  return Object.entries(options).map(([name, value]) =>
    typeof value === 'number'
      ? { type: ApplicationCommandOptionType.Integer, name, value }
      : typeof value === 'boolean'
        ? { type: ApplicationCommandOptionType.Boolean, name, value }
        : { type: ApplicationCommandOptionType.String, name, value },
  );
}

export function slashCommand(
  user: { id: string; name: string; locale?: Locale },
  command: string,
  sub: string,
  options: Record<string, OptionValue> = {},
): APIChatInputApplicationCommandInteraction {
  return {
    ...common(user.id, user.name, user.locale ?? Locale.EnglishUS),
    type: InteractionType.ApplicationCommand,
    data: {
      id: nextId(),
      name: command,
      type: ApplicationCommandType.ChatInput,
      guild_id: GUILD_ID,
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options: basicOptions(options) }],
    },
  };
}

export function autocomplete(
  user: { id: string; name: string },
  command: string,
  sub: string,
  focused: string,
  value: string,
): APIApplicationCommandAutocompleteInteraction {
  return {
    ...common(user.id, user.name, Locale.EnglishUS),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: nextId(),
      name: command,
      type: ApplicationCommandType.ChatInput,
      guild_id: GUILD_ID,
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: sub,
          options: [{ type: ApplicationCommandOptionType.String, name: focused, value, focused: true }],
        },
      ],
    },
  };
}

export function buttonPress(
  user: { id: string; name: string; locale?: Locale },
  customId: string,
  o: { ephemeral?: boolean } = {},
): APIMessageComponentButtonInteraction {
  const c = common(user.id, user.name, user.locale ?? Locale.EnglishUS);
  return {
    ...c,
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
    message: {
      id: nextId(),
      channel_id: CHANNEL_ID,
      author: {
        id: BOT_ID,
        username: 'Docket',
        discriminator: '0000',
        global_name: null,
        avatar: null,
        bot: true,
      },
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: o.ephemeral ? MessageFlags.Ephemeral : (0 as MessageFlags),
      components: [],
    },
  };
}

export function modalSubmit(
  user: { id: string; name: string },
  customId: string,
  values: Record<string, string>,
): APIModalSubmitInteraction {
  return {
    ...common(user.id, user.name, Locale.EnglishUS),
    type: InteractionType.ModalSubmit,
    data: {
      custom_id: customId,
      components: Object.entries(values).map(([id, value]) => ({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: id, value }],
      })),
    },
  } as APIModalSubmitInteraction;
}

export function messageAction(
  user: { id: string; name: string },
  name: string,
  content: string,
): APIMessageApplicationCommandInteraction {
  const messageId = nextId();
  return {
    ...common(user.id, user.name, Locale.EnglishUS),
    type: InteractionType.ApplicationCommand,
    data: {
      id: nextId(),
      name,
      type: ApplicationCommandType.Message,
      guild_id: GUILD_ID,
      target_id: messageId,
      resolved: {
        messages: {
          [messageId]: {
            id: messageId,
            channel_id: CHANNEL_ID,
            author: {
              id: '900',
              username: 'someone',
              discriminator: '0',
              global_name: 'Someone',
              avatar: null,
            },
            content,
            timestamp: new Date().toISOString(),
            edited_timestamp: null,
            tts: false,
            mention_everyone: false,
            mentions: [],
            mention_roles: [],
            attachments: [],
            embeds: [],
            pinned: false,
            type: 0,
            components: [],
          },
        },
      },
    },
  } as APIMessageApplicationCommandInteraction;
}
