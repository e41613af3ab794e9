// Discord through discord.js over the gateway. Translation only: each interaction becomes one
// neutral event for the core, with a Conversation that answers within Discord's 3 seconds (directly
// when quick, else deferred and followed up); what the bot sends on its own, and the scheduled
// events that mirror meetings, go through REST. Intents: Guilds, GuildMessages (no message content).
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import {
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  RESTJSONErrorCodes,
  Routes,
} from 'discord-api-types/v10';
import type { Docket } from '../../core/docket.ts';
import type { Logger } from '../../core/log.ts';
import {
  PermanentDeliveryError,
  type Conversation,
  type InboundEvent,
  type MirroredEvent,
  type Outgoing,
  type Platform,
  type Speaker,
} from '../../core/platform.ts';
import { attachmentBytes } from '../../core/reply.ts';
import { cut } from '../../core/text.ts';
import { decodeButton, defuse, toDiscordMessage } from './message.ts';
import { DISCORD_FORMS, PendingForms } from './modal.ts';

export interface DiscordOptions {
  token: string;
  apiUrl: string;
  /** How long an interaction may take before its answer is deferred (Discord allows 3 s; 0: always). */
  deferAfterMs?: number;
}

export interface DiscordAdapter extends Platform {
  client: Client;
}

// Discord's answers that mean a message can never be delivered there.
const PERMANENT = new Set<number>([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.UnknownUser,
  RESTJSONErrorCodes.MissingAccess,
]);

type Answerable =
  | ChatInputCommandInteraction
  | ButtonInteraction
  | ModalSubmitInteraction
  | MessageContextMenuCommandInteraction;

export function createDiscordAdapter(docket: Docket, log: Logger, o: DiscordOptions): DiscordAdapter {
  // GuildMessages (without MessageContent) lets exchanges be counted without reading them.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    rest: { api: o.apiUrl },
    allowedMentions: { parse: [] },
  });
  const forms = new PendingForms();
  const deferAfter = o.deferAfterMs ?? 2000;

  const speaker = (i: Interaction): Speaker => ({
    platform: 'DISCORD',
    spaceId: i.guildId ?? 'dm',
    userId: i.user.id,
    displayName:
      (i.member && 'nick' in i.member && typeof i.member.nick === 'string' && i.member.nick) ||
      i.user.globalName ||
      i.user.username,
    localeHint: i.locale,
    ...(i.channelId ? { channelId: i.channelId } : {}),
  });

  /** The message as discord.js sends it; mentions never ping, whatever member text holds. */
  const body = (message: Outgoing) => {
    const m = toDiscordMessage(message.reply);
    return {
      embeds: m.embeds,
      components: m.components,
      allowedMentions: { parse: [] },
      files: (message.reply.attachments ?? []).map((a) => ({
        attachment: attachmentBytes(a),
        name: a.filename,
      })),
    };
  };

  type FormCapable = ChatInputCommandInteraction | MessageContextMenuCommandInteraction;

  /**
   * Answers one interaction within Discord's 3 seconds: directly when the work is quick, else a
   * deferred (private) answer, edited or followed up when the work is done. A form must be the
   * first answer, so opening one stops the deferral.
   */
  async function run(i: Answerable, event: InboundEvent) {
    let deferred: Promise<unknown> | null = null;
    let answered = false;
    const settle = () => {
      answered = true;
      clearTimeout(timer);
    };
    const defer = () => {
      if (!answered && !deferred) deferred = i.deferReply({ flags: MessageFlags.Ephemeral });
    };
    const timer = setTimeout(defer, Math.max(deferAfter, 1));
    const formCapable = i.isChatInputCommand() || i.isMessageContextMenuCommand();
    const conversation: Conversation = {
      // 0: the database may be far away; defer as soon as the work starts.
      working: async () => {
        if (deferAfter <= 0) defer();
      },
      async reply(message, how) {
        settle();
        const ephemeral = message.reply.visibility === 'ephemeral';
        if (deferred) {
          await deferred;
          if (ephemeral) await i.editReply(body(message));
          else {
            // The deferred answer is private; the public card follows in the channel.
            await i.editReply({ content: '✓', embeds: [], components: [], allowedMentions: { parse: [] } });
            await i.followUp(body(message));
          }
        } else if (how.replace && i.isButton()) {
          const { files: _files, ...rest } = body(message);
          await i.update(rest);
        } else {
          await i.reply({ ...body(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
        }
      },
      ...(formCapable
        ? {
            forms: {
              limits: DISCORD_FORMS,
              open: async (form) => {
                settle();
                await (i as FormCapable).showModal(forms.modal(form));
              },
            },
          }
        : {}),
    };
    try {
      await docket.handle(event, conversation);
    } finally {
      settle();
    }
  }

  function onCommand(i: ChatInputCommandInteraction) {
    const sub = i.options.getSubcommand(false) ?? undefined;
    const raw = (sub ? i.options.data[0]?.options : i.options.data) ?? [];
    const input = Object.fromEntries(raw.map((opt) => [opt.name, opt.value]));
    return run(i, { ...speaker(i), kind: 'command', command: i.commandName, sub, input });
  }

  function onModal(i: ModalSubmitInteraction) {
    const state = forms.take(i.customId);
    const typed = Object.fromEntries(i.fields.fields.map((f) => [f.customId, 'value' in f ? f.value : '']));
    if (!state) return run(i, { ...speaker(i), kind: 'button', button: null, source: { ephemeral: true } });
    return run(i, { ...speaker(i), kind: 'form', form: state, input: typed });
  }

  function onButton(i: ButtonInteraction) {
    return run(i, {
      ...speaker(i),
      kind: 'button',
      button: decodeButton(i.customId),
      source: { ephemeral: i.message.flags.has(MessageFlags.Ephemeral) },
    });
  }

  async function onAutocomplete(i: AutocompleteInteraction) {
    const focused = i.options.getFocused(true);
    const choices = await docket.suggest(
      speaker(i),
      { command: i.commandName, sub: i.options.getSubcommand(false) ?? undefined, field: focused.name },
      String(focused.value ?? ''),
    );
    await i.respond(choices.map((c) => ({ name: c.label, value: c.value })));
  }

  function onMessageAction(i: MessageContextMenuCommandInteraction) {
    return run(i, {
      ...speaker(i),
      kind: 'message-action',
      message: { text: i.targetMessage.content ?? '', link: i.targetMessage.url },
    });
  }

  client.on(Events.InteractionCreate, (i) => {
    const work = i.isChatInputCommand()
      ? onCommand(i)
      : i.isButton()
        ? onButton(i)
        : i.isModalSubmit()
          ? onModal(i)
          : i.isAutocomplete()
            ? onAutocomplete(i)
            : i.isMessageContextMenuCommand()
              ? onMessageAction(i)
              : Promise.resolve();
    work.catch((error: unknown) =>
      log.error({ err: error, interaction: i.type }, 'discord interaction failed'),
    );
  });
  client.on(Events.MessageCreate, (m) => {
    if (m.author.bot || m.webhookId || !m.guildId || m.system) return;
    docket
      .recordExchange({
        platform: 'DISCORD',
        spaceId: m.guildId,
        eventId: m.id,
        channelId: m.channel.isThread() ? (m.channel.parentId ?? m.channelId) : m.channelId,
        authorId: m.author.id,
        threaded: m.channel.isThread(),
        at: m.createdAt,
      })
      .catch((error: unknown) => log.error({ err: error }, 'discord exchange not recorded'));
  });
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (_event, shard) => log.warn({ shard }, 'discord gateway disconnected'));
  client.on(Events.ShardResume, (shard) => log.info({ shard }, 'discord gateway resumed'));

  /** A REST call; Discord's permanent refusals become PermanentDeliveryError. */
  async function rest<T>(call: () => Promise<unknown>): Promise<T> {
    try {
      return (await call()) as T;
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (typeof code === 'number' && PERMANENT.has(code))
        throw new PermanentDeliveryError(`discord: ${code}`);
      throw error;
    }
  }

  const restBody = (message: Outgoing) => {
    const m = toDiscordMessage({ ...message.reply, visibility: 'public' });
    return {
      body: { embeds: m.embeds, components: m.components, allowed_mentions: { parse: [] } },
      files: (message.reply.attachments ?? []).map((a) => ({ name: a.filename, data: attachmentBytes(a) })),
    };
  };

  // Member text in an event shows as written, but cannot form a mention.
  const eventBody = (e: MirroredEvent) => ({
    name: cut(defuse(e.title), 100),
    scheduled_start_time: e.startsAt.toISOString(),
    scheduled_end_time: e.endsAt.toISOString(),
    entity_metadata: { location: cut(defuse(e.location || '—'), 100) },
    ...(e.description ? { description: cut(defuse(e.description), 1000) } : {}),
  });

  return {
    name: 'DISCORD',
    capabilities: { threads: true, events: true },
    client,

    async send(to, message) {
      const channel =
        to.channelId ??
        (
          await rest<{ id: string }>(() =>
            client.rest.post(Routes.userChannels(), { body: { recipient_id: to.userId } }),
          )
        ).id;
      const { body: payload, files } = restBody(message);
      const sent = await rest<{ id: string }>(() =>
        client.rest.post(Routes.channelMessages(channel), {
          body: {
            ...payload,
            // A follow-up answers the earlier message, where Discord shows the two together.
            ...(to.thread
              ? { message_reference: { message_id: to.thread.messageId, fail_if_not_exists: false } }
              : {}),
          },
          ...(files.length ? { files } : {}),
        }),
      );
      return { channelId: channel, messageId: sent.id };
    },

    async update(_spaceId, ref, message) {
      await rest(() =>
        client.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), {
          body: restBody(message).body,
        }),
      );
    },

    /**
     * Meetings appear as the server's scheduled events (external, at the join link or place);
     * a cancelled meeting cancels its event. RSVPs stay in Docket.
     */
    async mirror(spaceId, event, existingId) {
      if (spaceId === 'dm') return null;
      if (!existingId) {
        const created = await rest<{ id: string }>(() =>
          client.rest.post(Routes.guildScheduledEvents(spaceId), {
            body: {
              ...eventBody(event),
              privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
              entity_type: GuildScheduledEventEntityType.External,
            },
          }),
        );
        return created.id;
      }
      await rest(() =>
        client.rest.patch(Routes.guildScheduledEvent(spaceId, existingId), {
          body: event.cancelled ? { status: GuildScheduledEventStatus.Canceled } : eventBody(event),
        }),
      );
      return existingId;
    },

    async start() {
      await client.login(o.token);
    },
    async stop() {
      await client.destroy();
    },
  };
}
