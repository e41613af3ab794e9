// Slack through @slack/bolt. Translation only: each Slack request becomes one neutral event for
// the core, with a Conversation that answers the Slack way (response_url, chat.update, views.open,
// files in the person's DMs); what the bot sends on its own goes through `send`. Acknowledge first,
// then work; failures are logged.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, type App as BoltApp, type RespondFn } from '@slack/bolt';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Docket } from '../../core/docket.ts';
import { translator } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/log.ts';
import {
  PermanentDeliveryError,
  type Address,
  type Conversation,
  type MessageRef,
  type Outgoing,
  type Platform,
  type Speaker,
} from '../../core/platform.ts';
import { attachmentBytes } from '../../core/reply.ts';
import { readButtonValue, toBlockKit } from './block-kit.ts';
import { botToken, installationStore } from './installation-store.ts';
import { MODAL_CALLBACK, readFormState, readModal, SLACK_FORMS, toModal } from './modal.ts';
import { SlackPeople } from './people.ts';
import { slackMount } from './slack.mount.ts';
import type { RawMount } from '../../http/http-types.ts';

/** What the bot may do in a workspace (also listed in the manifest). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'users:read',
  'im:write',
  'files:write',
  'channels:history',
  'groups:history',
];
export const SAVE_AS_LEARNING = 'docket_message_action';

export interface SlackOptions {
  /** Tests: where the install page sends browsers (Slack's own page by default). */
  authorizationUrl?: string;
  signingSecret: string;
  /** Single-workspace mode. */
  botToken?: string;
  /** Several workspaces: OAuth install at /slack/install, installations stored encrypted. */
  oauth?: { clientId: string; clientSecret: string; stateSecret: string };
  appToken?: string;
  apiUrl: string;
  /** Tests: make HTTP responses wait for handlers. Production keeps the 3-second ack safe. */
  processBeforeResponse?: boolean;
  retryConfig?: WebClientOptions['retryConfig'];
}

export interface SlackAdapter extends Platform {
  app: BoltApp;
  /** Handles /slack/* on the shared HTTP server (HTTP mode only); true when handled. */
  route(req: IncomingMessage, res: ServerResponse): boolean;
  /** The same, as the raw mount the server declares (documented, its own CSP). */
  http?: RawMount;
}

// Slack's answers that mean a message can never be delivered there.
const PERMANENT = new Set([
  'user_not_found',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'cannot_dm_bot',
  'user_disabled',
  'restricted_action',
  'not_authed',
  'invalid_auth',
  'team_not_found',
]);

export function createSlackAdapter(docket: Docket, log: Logger, o: SlackOptions): SlackAdapter {
  const boltLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (...m: unknown[]) => log.warn({ source: 'bolt' }, m.map(String).join(' ')),
    error: (...m: unknown[]) => log.error({ source: 'bolt' }, m.map(String).join(' ')),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
  const clientOptions: WebClientOptions = {
    slackApiUrl: o.apiUrl,
    // 429s wait for Retry-After inside the client; 5xx and network errors back off and retry.
    retryConfig: o.retryConfig ?? {
      retries: 5,
      factor: 2,
      minTimeout: 500,
      maxTimeout: 8000,
      randomize: true,
    },
  };
  const installations = docket.installations('SLACK');
  const oauth = o.oauth
    ? {
        clientId: o.oauth.clientId,
        clientSecret: o.oauth.clientSecret,
        stateSecret: o.oauth.stateSecret,
        scopes: BOT_SCOPES,
        installationStore: installationStore(installations),
        installerOptions: {
          directInstall: true,
          clientOptions: { slackApiUrl: o.apiUrl },
          ...(o.authorizationUrl ? { authorizationUrl: o.authorizationUrl } : {}),
        },
      }
    : {};
  const receiver = o.appToken
    ? undefined
    : new HTTPReceiver({
        signingSecret: o.signingSecret,
        processBeforeResponse: o.processBeforeResponse ?? false,
        logger: boltLogger,
        endpoints: '/slack/events',
        ...oauth,
      });
  const app = new App({
    ...(o.oauth ? {} : { token: o.botToken }),
    // Socket Mode opens its connection through its own Web API client: it needs SLACK_API_URL too.
    ...(receiver
      ? { receiver }
      : {
          socketMode: true,
          appToken: o.appToken,
          installerOptions: { clientOptions: { slackApiUrl: o.apiUrl } },
        }),
    clientOptions,
    logger: boltLogger,
  });
  /** The bot token for a workspace: the single one, or its stored installation's. */
  const tokenFor = async (teamId: string) => (o.oauth ? botToken(installations, teamId) : o.botToken);
  const people = new SlackPeople(log);

  const speaker = async (
    client: WebClient,
    p: { teamId: string; userId: string; userName: string; channelId?: string },
  ): Promise<Speaker> => ({
    platform: 'SLACK',
    spaceId: p.teamId,
    userId: p.userId,
    channelId: p.channelId,
    ...(await people.profile(client, p.userId, p.userName)),
  });

  /** Files cannot be ephemeral in Slack: they go to the person's direct messages, with a note. */
  async function sendFiles(client: WebClient, userId: string, message: Outgoing, respond?: RespondFn) {
    const files = message.reply.attachments ?? [];
    if (files.length === 0) return;
    const dm = await client.conversations.open({ users: userId });
    for (const a of files) {
      await client.filesUploadV2({
        channel_id: dm.channel!.id!,
        filename: a.filename,
        title: a.filename,
        file: attachmentBytes(a),
      });
    }
    if (respond)
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: translator(message.locale)('platform.file_sent'),
      });
  }

  /** Answers on a response_url (slash commands and buttons); in place with chat.update when asked. */
  const conversation = (
    client: WebClient,
    userId: string,
    respond: RespondFn,
    extra: Partial<Conversation> & { source?: { channel: string; ts: string } } = {},
  ): Conversation => ({
    async reply(message, how) {
      const rendered = toBlockKit(message);
      // A shared message is updated for everyone; a private one is replaced through its response_url.
      if (how.replace && extra.source && message.reply.visibility === 'public') {
        await client.chat.update({ channel: extra.source.channel, ts: extra.source.ts, ...rendered });
      } else {
        await respond({
          response_type: message.reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
          replace_original: how.replace,
          ...rendered,
        });
      }
      await sendFiles(client, userId, message, respond);
    },
    ...extra,
  });

  const opensForms = (client: WebClient, triggerId: string): Conversation['forms'] => ({
    limits: SLACK_FORMS,
    async open(form) {
      await client.views.open({ trigger_id: triggerId, view: toModal(form) as never });
    },
  });

  // One listener for every declared command: Bolt runs each listener's matchers per request, so
  // fewer listeners is a faster acknowledgement.
  const names = docket.commands.map((c) => c.name.replace(/[^a-z]/g, ''));
  app.command(new RegExp(`^/(${names.join('|')})$`), async ({ command, ack, respond, client }) => {
    await ack();
    const who = await speaker(client, {
      teamId: command.team_id,
      userId: command.user_id,
      userName: command.user_name,
      channelId: command.channel_id,
    });
    await docket.handle(
      { ...who, kind: 'command', command: command.command.slice(1), text: command.text },
      conversation(client, command.user_id, respond, { forms: opensForms(client, command.trigger_id) }),
    );
  });

  app.view(MODAL_CALLBACK, async ({ ack, body, view, client }) => {
    // The form is run before the acknowledgement so that its errors sit next to the fields.
    let acked = false;
    const once = async (errors?: Record<string, string>) => {
      if (acked) return;
      acked = true;
      await (errors ? ack({ response_action: 'errors', errors }) : ack());
    };
    const state = readFormState(view.private_metadata);
    const who = await speaker(client, {
      teamId: body.team?.id ?? body.user.team_id ?? '',
      userId: body.user.id,
      userName: body.user.name,
      channelId: state?.channelId,
    });
    try {
      if (!state) {
        await once();
        return;
      }
      await docket.handle(
        { ...who, kind: 'form', form: state, input: readModal(view.state.values as never) },
        {
          rejectForm: (errors) => once(errors),
          async reply(message) {
            await once();
            const rendered = toBlockKit(message);
            if (who.channelId && message.reply.visibility === 'public')
              await client.chat.postMessage({ channel: who.channelId, ...rendered });
            else if (who.channelId)
              await client.chat.postEphemeral({ channel: who.channelId, user: who.userId, ...rendered });
            else {
              const dm = await client.conversations.open({ users: who.userId });
              await client.chat.postMessage({ channel: dm.channel!.id!, ...rendered });
            }
            await sendFiles(client, who.userId, message);
          },
        },
      );
    } finally {
      await once();
    }
  });

  app.action(
    { type: 'block_actions', action_id: /^docket:\d+$/ },
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const value = readButtonValue((action as { value?: string }).value);
      const b = body as typeof body & {
        container?: { is_ephemeral?: boolean };
        message?: { ts: string };
        channel?: { id: string };
        trigger_id?: string;
      };
      const who = await speaker(client, {
        teamId: body.team?.id ?? body.user.team_id ?? '',
        userId: body.user.id,
        userName: body.user.name ?? body.user.id,
        channelId: b.channel?.id,
      });
      const ephemeral = Boolean(b.container?.is_ephemeral) || !b.message;
      await docket.handle(
        {
          ...who,
          kind: 'button',
          button: value ? { command: value.c, sub: value.s, input: value.i, refresh: value.r === 1 } : null,
          source: { ephemeral },
        },
        conversation(client, body.user.id, respond, {
          ...(b.message && b.channel ? { source: { channel: b.channel.id, ts: b.message.ts } } : {}),
          // A button may lead to a form (a meeting's registration questions): its trigger opens it.
          ...(b.trigger_id ? { forms: opensForms(client, b.trigger_id) } : {}),
        }),
      );
    },
  );

  app.shortcut(SAVE_AS_LEARNING, async ({ ack, shortcut, client, respond }) => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    const who = await speaker(client, {
      teamId: shortcut.team?.id ?? '',
      userId: shortcut.user.id,
      userName: shortcut.user.name,
      channelId: shortcut.channel.id,
    });
    await docket.handle(
      { ...who, kind: 'message-action', message: { text: shortcut.message.text ?? '' } },
      conversation(client, shortcut.user.id, respond, { forms: opensForms(client, shortcut.trigger_id) }),
    );
  });

  // Messages in coalition channels are counted, never read: channel, author's organisation type,
  // thread or not, day. The event id makes Slack's retries (X-Slack-Retry-Num) count once.
  app.event('message', async ({ event, body }) => {
    const e = event as {
      subtype?: string;
      bot_id?: string;
      user?: string;
      channel: string;
      ts: string;
      thread_ts?: string;
      channel_type?: string;
    };
    if (e.subtype || e.bot_id || !e.user || e.channel_type === 'im') return;
    const b = body as { event_id?: string; team_id?: string };
    await docket.recordExchange({
      platform: 'SLACK',
      spaceId: b.team_id ?? '',
      eventId: b.event_id ?? `${e.channel}:${e.ts}`,
      channelId: e.channel,
      authorId: e.user,
      threaded: Boolean(e.thread_ts && e.thread_ts !== e.ts),
      at: new Date(Number(e.ts) * 1000),
    });
  });

  app.error(async (error) => {
    log.error({ err: error }, 'slack listener failed');
  });

  /** Runs a Web API call for a workspace; Slack's permanent refusals become PermanentDeliveryError. */
  async function inWorkspace<T>(spaceId: string, call: (token: string) => Promise<T>): Promise<T> {
    const token = await tokenFor(spaceId);
    if (!token) throw new PermanentDeliveryError('no Slack installation for this workspace');
    try {
      return await call(token);
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code && PERMANENT.has(code)) throw new PermanentDeliveryError(`slack: ${code}`);
      throw error;
    }
  }

  const adapter: SlackAdapter = {
    name: 'SLACK',
    capabilities: { threads: true, events: false },
    app,

    send(to: Address, message: Outgoing): Promise<MessageRef> {
      return inWorkspace(to.spaceId, async (token) => {
        const channel =
          to.channelId ?? (await app.client.conversations.open({ token, users: to.userId })).channel?.id;
        if (!channel) throw new PermanentDeliveryError('no direct-message channel');
        const posted = await app.client.chat.postMessage({
          token,
          channel,
          ...(to.thread ? { thread_ts: to.thread.messageId } : {}),
          ...toBlockKit(message),
        });
        for (const a of message.reply.attachments ?? []) {
          await app.client.filesUploadV2({
            token,
            channel_id: channel,
            filename: a.filename,
            title: a.filename,
            file: attachmentBytes(a),
          });
        }
        return { channelId: channel, messageId: posted.ts ?? '' };
      });
    },

    async update(spaceId, ref, message) {
      await inWorkspace(spaceId, (token) =>
        app.client.chat.update({ token, channel: ref.channelId, ts: ref.messageId, ...toBlockKit(message) }),
      );
    },

    route(req, res) {
      if (!receiver || !(req.url ?? '').startsWith('/slack/')) return false;
      const url = new URL(req.url ?? '/', 'http://docket.local');
      // /slack/install?coalition=SLUG ties the workspace to that coalition: the choice travels in
      // the signed OAuth state, one options object per request.
      if (o.oauth && url.pathname === '/slack/install' && receiver.installer) {
        const coalition = url.searchParams.get('coalition');
        const metadata =
          coalition && /^[a-z0-9-]{2,40}$/.test(coalition) ? JSON.stringify({ coalition }) : undefined;
        void receiver.installer
          .handleInstallPath(req, res, {}, { scopes: BOT_SCOPES, metadata })
          .catch((error: unknown) => log.error({ err: error }, 'slack install failed'));
        return true;
      }
      try {
        receiver.requestListener(req, res);
      } catch (error) {
        log.warn({ err: error, path: url.pathname }, 'slack request refused');
        if (!res.headersSent) {
          res.writeHead(404);
          res.end();
        }
      }
      return true;
    },
    async start() {
      if (!receiver) await app.start();
    },
    async stop() {
      if (!receiver) await app.stop();
    },
  };
  if (receiver) adapter.http = slackMount((req, res) => adapter.route(req, res), { oauth: Boolean(o.oauth) });
  return adapter;
}
