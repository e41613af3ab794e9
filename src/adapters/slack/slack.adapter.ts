// Slack through @slack/bolt: every declared command, its modal, its buttons and the message
// shortcut, with no per-command code. Acknowledge first, then work; failures are logged.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  App,
  HTTPReceiver,
  LogLevel,
  type App as BoltApp,
  type Installation,
  type InstallationQuery,
  type RespondFn,
} from '@slack/bolt';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Docket, Invocation, Outcome } from '../../core/docket.ts';
import type { Logger } from '../../core/log.ts';
import { attachmentBytes } from '../../core/reply.ts';
import { PermanentDeliveryError, type Notifier } from '../../core/notify.ts';
import { translator } from '../../core/i18n/index.ts';
import { toBlockKit, type ButtonValue } from './block-kit.ts';
import { MODAL_CALLBACK, readModal, toModal, type ModalMetadata } from './modal.ts';

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

export interface SlackAdapter {
  app: BoltApp;
  /** Sends what the bot says on its own (reminders, digests, nudges). */
  notifier: Notifier;
  /** Mount on the shared HTTP server: handles /slack/* (HTTP mode only). */
  route(req: IncomingMessage, res: ServerResponse): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface Person {
  displayName: string;
  localeHint?: string;
  timezoneHint?: string;
  expires: number;
}

const PROFILE_TTL_MS = 60 * 60 * 1000;
export const SAVE_AS_LEARNING = 'docket_message_action';

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
  const store = docket.services.installations;
  const oauth = o.oauth
    ? {
        clientId: o.oauth.clientId,
        clientSecret: o.oauth.clientSecret,
        stateSecret: o.oauth.stateSecret,
        scopes: BOT_SCOPES,
        installationStore: {
          storeInstallation: async (installation: Installation) => {
            const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
            if (!id) throw new Error('installation without a team or enterprise id');
            const coalition = (() => {
              try {
                return (
                  (JSON.parse(installation.metadata ?? '{}') as { coalition?: string }).coalition ?? null
                );
              } catch {
                return null;
              }
            })();
            await store.store(
              id,
              installation.team?.name ?? installation.enterprise?.name ?? null,
              installation,
              coalition,
            );
          },
          fetchInstallation: async (query: InstallationQuery<boolean>) => {
            const found = await store.fetch(
              (query.isEnterpriseInstall ? query.enterpriseId : query.teamId) ?? '',
            );
            if (!found) throw new Error('no installation for this workspace');
            return found as Installation;
          },
          deleteInstallation: async (query: InstallationQuery<boolean>) =>
            store.remove((query.isEnterpriseInstall ? query.enterpriseId : query.teamId) ?? ''),
        },
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
  const tokenFor = async (teamId?: string) => {
    if (!o.oauth) return o.botToken;
    const inst = teamId ? ((await store.fetch(teamId)) as Installation | null) : null;
    return inst?.bot?.token;
  };

  const people = new Map<string, Person>();
  /** Name, language and zone from users.info, cached an hour; /member profile overrides them. */
  async function person(client: WebClient, userId: string, fallbackName: string): Promise<Person> {
    const cached = people.get(userId);
    if (cached && cached.expires > Date.now()) return cached;
    try {
      const info = await client.users.info({ user: userId, include_locale: true });
      const u = info.user as
        | {
            real_name?: string;
            name?: string;
            locale?: string;
            tz?: string;
            profile?: { display_name?: string };
          }
        | undefined;
      const fresh: Person = {
        displayName: u?.profile?.display_name || u?.real_name || u?.name || fallbackName,
        localeHint: u?.locale,
        timezoneHint: u?.tz,
        expires: Date.now() + PROFILE_TTL_MS,
      };
      people.set(userId, fresh);
      return fresh;
    } catch (error) {
      log.warn({ err: error, user: userId }, 'slack users.info failed; using defaults');
      return { displayName: fallbackName, expires: 0 };
    }
  }

  async function invocation(
    client: WebClient,
    p: { teamId: string; userId: string; userName: string; channelId?: string },
    rest: Pick<Invocation, 'command' | 'sub' | 'text' | 'input'>,
  ): Promise<Invocation> {
    const who = await person(client, p.userId, p.userName);
    return {
      platform: 'SLACK',
      spaceId: p.teamId,
      userId: p.userId,
      displayName: who.displayName,
      localeHint: who.localeHint,
      timezoneHint: who.timezoneHint,
      channelId: p.channelId,
      ...rest,
    };
  }

  /** Delivers an outcome: the reply itself, its announce copy, its files. */
  async function deliver(
    client: WebClient,
    inv: Invocation,
    outcome: Outcome,
    via: { respond?: RespondFn; replace?: { channel: string; ts: string } },
  ) {
    const { reply, locale } = outcome;
    const message = toBlockKit(reply, locale);
    if (via.replace && reply.replaces) {
      await client.chat.update({ channel: via.replace.channel, ts: via.replace.ts, ...message });
    } else if (via.respond) {
      await via.respond({
        response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
        replace_original: Boolean(reply.replaces),
        ...message,
      });
    } else if (inv.channelId) {
      if (reply.visibility === 'public')
        await client.chat.postMessage({ channel: inv.channelId, ...message });
      else await client.chat.postEphemeral({ channel: inv.channelId, user: inv.userId, ...message });
    } else {
      const dm = await client.conversations.open({ users: inv.userId });
      await client.chat.postMessage({ channel: dm.channel!.id!, ...message });
    }
    if (reply.announce && outcome.ok) {
      const channel = await docket.announceChannel(inv, reply.announce.channel);
      if (channel && channel !== inv.channelId)
        await client.chat.postMessage({ channel, ...toBlockKit(reply.announce.reply, locale) });
    }
    if (reply.attachments?.length) {
      // Files cannot be ephemeral in Slack: they go to the person's direct messages.
      const dm = await client.conversations.open({ users: inv.userId });
      for (const a of reply.attachments) {
        await client.filesUploadV2({
          channel_id: dm.channel!.id!,
          filename: a.filename,
          title: a.filename,
          file: attachmentBytes(a),
        });
      }
      if (via.respond)
        await via.respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: translator(locale)('platform.file_sent'),
        });
    }
  }

  const failed = (what: string, meta: Record<string, unknown>) => (error: unknown) =>
    log.error({ err: error, ...meta }, `slack ${what} failed`);

  // One listener for every declared command: Bolt runs each listener's matchers per request, so
  // fewer listeners is a faster acknowledgement.
  const names = docket.commands.map((c) => c.name.replace(/[^a-z]/g, ''));
  app.command(new RegExp(`^/(${names.join('|')})$`), async ({ command, ack, respond, client }) => {
    await ack();
    const name = command.command.slice(1);
    const inv = await invocation(
      client,
      {
        teamId: command.team_id,
        userId: command.user_id,
        userName: command.user_name,
        channelId: command.channel_id,
      },
      { command: name, text: command.text },
    );
    const prepared = await docket.prepare(inv);
    // Required inputs missing and nothing else wrong: ask for them in a form (trigger lives 3 s).
    if (
      prepared.error === undefined &&
      prepared.missing.length > 0 &&
      prepared.problems.every((p) => prepared.missing.some((m) => m.key === p.field))
    ) {
      const meta: ModalMetadata = {
        command: prepared.command,
        sub: prepared.sub,
        channelId: command.channel_id,
      };
      await client.views.open({
        trigger_id: command.trigger_id,
        view: toModal(prepared.t, meta, prepared.fields, prepared.values) as never,
      });
      return;
    }
    await deliver(client, inv, await docket.execute(prepared), { respond });
  });

  app.view(MODAL_CALLBACK, async ({ ack, body, view, client }) => {
    const meta = JSON.parse(view.private_metadata) as ModalMetadata;
    const inv = await invocation(
      client,
      {
        teamId: body.team?.id ?? body.user.team_id ?? '',
        userId: body.user.id,
        userName: body.user.name,
        channelId: meta.channelId,
      },
      {
        command: meta.command,
        sub: meta.sub,
        input: readModal(view.state.values as never),
      },
    );
    const prepared = await docket.prepare(inv);
    // Validation (schema and handler checks) runs before the ack so errors sit next to the fields.
    const outcome = await docket.execute(prepared);
    if (outcome.fieldErrors && Object.keys(outcome.fieldErrors).length > 0) {
      await ack({ response_action: 'errors', errors: outcome.fieldErrors });
      return;
    }
    await ack();
    await deliver(client, inv, outcome, {}).catch(failed('modal reply', { command: meta.command }));
  });

  app.action(
    { type: 'block_actions', action_id: /^docket:\d+$/ },
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const value = ((): ButtonValue | null => {
        try {
          const v = JSON.parse((action as { value?: string }).value ?? '') as ButtonValue;
          return typeof v.c === 'string' && typeof v.s === 'string' && typeof v.i === 'object' ? v : null;
        } catch {
          return null;
        }
      })();
      const b = body as typeof body & {
        container?: { is_ephemeral?: boolean };
        message?: { ts: string };
        channel?: { id: string };
      };
      const inv = await invocation(
        client,
        {
          teamId: body.team?.id ?? body.user.team_id ?? '',
          userId: body.user.id,
          userName: body.user.name ?? body.user.id,
          channelId: b.channel?.id,
        },
        {
          command: value?.c ?? '',
          sub: value?.s,
          input: value?.i ?? {},
        },
      );
      if (!value || !docket.byName.has(value.c)) {
        const t = await docket.translatorFor(inv);
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: t('platform.stale_button'),
        });
        return;
      }
      const outcome = await docket.dispatch(inv);
      // A shared message is updated in place for everyone; errors and private answers go to the presser.
      const replace =
        outcome.ok && outcome.reply.replaces && !b.container?.is_ephemeral && b.message && b.channel
          ? { channel: b.channel.id, ts: b.message.ts }
          : undefined;
      if (!outcome.ok) outcome.reply.replaces = false;
      await deliver(client, inv, outcome, { respond, replace });
    },
  );

  app.shortcut(SAVE_AS_LEARNING, async ({ ack, shortcut, client }) => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    const source = docket.commands.find((c) => c.messageAction);
    if (!source?.messageAction) return;
    const inv = await invocation(
      client,
      {
        teamId: shortcut.team?.id ?? '',
        userId: shortcut.user.id,
        userName: shortcut.user.name,
        channelId: shortcut.channel.id,
      },
      {
        command: source.name,
        sub: source.messageAction.sub,
        input: {},
      },
    );
    const prepared = await docket.prepare(inv);
    if (prepared.error !== undefined) return;
    const prefill = source.messageAction.prefill({ text: shortcut.message.text ?? '' });
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: toModal(
        prepared.t,
        { command: prepared.command, sub: prepared.sub, channelId: shortcut.channel.id },
        prepared.fields,
        prefill,
      ) as never,
    });
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

  const PERMANENT = new Set([
    'user_not_found',
    'channel_not_found',
    'not_in_channel',
    'is_archived',
    'account_inactive',
    'cannot_dm_bot',
    'user_disabled',
    'restricted_action',
  ]);
  const notifier: Notifier = {
    platform: 'SLACK',
    async send(to, message) {
      try {
        const token = await tokenFor(to.spaceId);
        if (!token) throw new PermanentDeliveryError('no Slack installation for this workspace');
        const channel =
          to.channelId ?? (await app.client.conversations.open({ token, users: to.userId })).channel?.id;
        if (!channel) throw new PermanentDeliveryError('no direct-message channel');
        await app.client.chat.postMessage({ token, channel, ...toBlockKit(message.reply, message.locale) });
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code && PERMANENT.has(code)) throw new PermanentDeliveryError(`slack: ${code}`);
        throw error;
      }
    },
  };

  app.error(async (error) => {
    log.error({ err: error }, 'slack listener failed');
  });

  return {
    app,
    notifier,
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
        log.warn({ err: error, path: req.url }, 'slack request refused');
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
}
