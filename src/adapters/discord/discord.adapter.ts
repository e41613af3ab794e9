// Discord through discord.js over the gateway: every declared command as typed options, modals
// for long text, buttons, autocomplete and the message context-menu action, with no per-command
// code. Intents: Guilds only (no message content).
import { randomBytes } from 'node:crypto';
import {
  ActionRowBuilder,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import { optionKey } from '../../core/command.ts';
import type { Docket, Invocation, Outcome, Prepared } from '../../core/docket.ts';
import type { FieldInfo } from '../../core/fields.ts';
import type { Translate } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/log.ts';
import { attachmentBytes } from '../../core/reply.ts';
import { PermanentDeliveryError, type Notifier } from '../../core/notify.ts';
import { decodeButton, toDiscordMessage } from './message.ts';
import { inModal } from './registration.ts';

export interface DiscordOptions {
  token: string;
  apiUrl: string;
  /** Tests: how long a command may run before the reply is deferred (Discord allows 3 s). */
  deferAfterMs?: number;
}

export interface DiscordAdapter {
  client: Client;
  notifier: Notifier;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface PendingForm {
  command: string;
  sub: string;
  input: Record<string, unknown>;
  channelId?: string;
  expires: number;
}

const FORM_TTL_MS = 15 * 60 * 1000;
const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

type Repliable =
  | ChatInputCommandInteraction
  | ButtonInteraction
  | ModalSubmitInteraction
  | MessageContextMenuCommandInteraction;

export function createDiscordAdapter(docket: Docket, log: Logger, o: DiscordOptions): DiscordAdapter {
  // GuildMessages (without MessageContent) lets exchanges be counted without reading them.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    rest: { api: o.apiUrl },
  });
  const forms = new Map<string, PendingForm>();
  const deferAfter = o.deferAfterMs ?? 2000;

  const base = (i: Interaction): Omit<Invocation, 'command'> => ({
    platform: 'DISCORD',
    spaceId: i.guildId ?? 'dm',
    userId: i.user.id,
    displayName:
      (i.member && 'nick' in i.member && typeof i.member.nick === 'string' && i.member.nick) ||
      i.user.globalName ||
      i.user.username,
    localeHint: i.locale,
    channelId: i.channelId ?? undefined,
  });

  const options = (m: ReturnType<typeof toDiscordMessage>): InteractionReplyOptions => ({
    embeds: m.embeds,
    components: m.components,
    allowedMentions: { parse: [] },
    ...(m.flags ? { flags: MessageFlags.Ephemeral } : {}),
  });

  /**
   * Meetings scheduled from Discord also appear as the server's scheduled events (external, at the
   * join link or place); cancelling cancels the event. RSVPs stay in Docket.
   */
  async function mirror(inv: Invocation, outcome: Outcome) {
    if (!outcome.ok || inv.spaceId === 'dm') return;
    for (const e of outcome.reply.effects ?? []) {
      try {
        if (!e.cancelled && !e.externalEventId) {
          const event = (await client.rest.post(Routes.guildScheduledEvents(inv.spaceId), {
            body: {
              name: e.title.slice(0, 100),
              privacy_level: 2,
              entity_type: 3,
              entity_metadata: { location: e.location || '—' },
              scheduled_start_time: e.startsAt.toISOString(),
              scheduled_end_time: e.endsAt.toISOString(),
              ...(e.description ? { description: e.description.slice(0, 1000) } : {}),
            },
          })) as { id: string };
          await docket.linkExternalEvent(inv, e.number, event.id);
        } else if (e.cancelled && e.externalEventId) {
          await client.rest.patch(Routes.guildScheduledEvent(inv.spaceId, e.externalEventId), {
            body: { status: 4 },
          });
        } else if (e.externalEventId) {
          // Moved: the event follows.
          await client.rest.patch(Routes.guildScheduledEvent(inv.spaceId, e.externalEventId), {
            body: {
              name: e.title.slice(0, 100),
              scheduled_start_time: e.startsAt.toISOString(),
              scheduled_end_time: e.endsAt.toISOString(),
              entity_metadata: { location: e.location || '—' },
            },
          });
        }
      } catch (error) {
        // The meeting stands without its mirror (e.g. the bot lacks Manage Events).
        log.warn({ err: error, meeting: e.number }, 'discord scheduled event not kept in step');
      }
    }
  }

  async function announce(inv: Invocation, outcome: Outcome) {
    const a = outcome.reply.announce;
    if (!a || !outcome.ok) return;
    const channel = await docket.announceChannel(inv, a.channel);
    if (!channel || channel === inv.channelId) return;
    const m = toDiscordMessage(a.reply);
    await client.rest.post(Routes.channelMessages(channel), {
      body: { embeds: m.embeds, components: m.components, allowed_mentions: m.allowed_mentions },
    });
  }

  const files = (outcome: Outcome) =>
    (outcome.reply.attachments ?? []).map((a) => ({ attachment: attachmentBytes(a), name: a.filename }));

  /** Answers within Discord's 3 seconds: directly when the work is quick, else defer and follow up. */
  async function answer(i: Repliable, inv: Invocation, work: Promise<Outcome>) {
    // deferAfter 0: always defer (deployments whose database is far away, and tests).
    const quick =
      deferAfter > 0
        ? await Promise.race([work, new Promise<null>((r) => setTimeout(() => r(null), deferAfter))])
        : null;
    if (quick) {
      await i.reply({ ...options(toDiscordMessage(quick.reply)), files: files(quick) });
      await announce(inv, quick);
      await mirror(inv, quick);
      return;
    }
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const outcome = await work;
    const message = toDiscordMessage(outcome.reply);
    if (outcome.reply.visibility === 'public') {
      // The deferred answer is private; the public card follows in the channel.
      await i.editReply({ content: '✓', embeds: [], components: [] });
      await i.followUp({ ...options(message), files: files(outcome) });
    } else {
      await i.editReply({ embeds: message.embeds, components: message.components, files: files(outcome) });
    }
    await announce(inv, outcome);
    await mirror(inv, outcome);
  }

  function modalFor(
    t: Translate,
    p: Extract<Prepared, { error?: undefined }>,
    fields: FieldInfo[],
    values: Record<string, unknown>,
    channelId?: string,
  ) {
    const id = randomBytes(9).toString('base64url');
    forms.set(id, {
      command: p.command,
      sub: p.sub,
      input: Object.fromEntries(Object.entries(values).filter(([k]) => !fields.some((f) => f.key === k))),
      channelId,
      expires: Date.now() + FORM_TTL_MS,
    });
    for (const [key, form] of forms) if (form.expires < Date.now()) forms.delete(key);
    return new ModalBuilder()
      .setCustomId(`f:${id}`)
      .setTitle(cut(`/${p.command} ${p.sub}`, 45))
      .addComponents(
        fields.slice(0, 5).map((f) => {
          const input = new TextInputBuilder()
            .setCustomId(f.key)
            .setLabel(cut(t(optionKey(f.key)), 45))
            .setStyle(f.long ? TextInputStyle.Paragraph : TextInputStyle.Short)
            .setRequired(f.required)
            .setMaxLength(Math.min(f.max ?? 4000, 4000));
          if (f.values)
            input.setPlaceholder(
              cut(
                f.values
                  .slice(0, 4)
                  .map((v) => v.toLowerCase())
                  .join(', '),
                100,
              ),
            );
          const value = values[f.key];
          if (value !== undefined && value !== null && value !== '')
            input.setValue(
              cut(Array.isArray(value) ? value.join(',') : String(value), Math.min(f.max ?? 4000, 4000)),
            );
          return new ActionRowBuilder<TextInputBuilder>().addComponents(input);
        }),
      );
  }

  async function onCommand(i: ChatInputCommandInteraction) {
    const sub = i.options.getSubcommand(false) ?? undefined;
    const raw = (sub ? i.options.data[0]?.options : i.options.data) ?? [];
    const input = Object.fromEntries(raw.map((opt) => [opt.name, opt.value]));
    const inv: Invocation = { ...base(i), command: i.commandName, sub, input };
    const prepared = await docket.prepare(inv);
    // Long text is typed in a form: open one when a required long input is missing.
    if (prepared.error === undefined && prepared.missing.some(inModal)) {
      const fields = prepared.fields.filter((f) => inModal(f) || (f.required && !(f.key in prepared.values)));
      await i.showModal(modalFor(prepared.t, prepared, fields, prepared.values, i.channelId));
      return;
    }
    await answer(i, inv, docket.execute(prepared));
  }

  async function onModal(i: ModalSubmitInteraction) {
    const form = forms.get(i.customId.slice(2));
    const typed = Object.fromEntries(i.fields.fields.map((f) => [f.customId, 'value' in f ? f.value : '']));
    if (!form) {
      const t = await docket.translatorFor(base(i));
      await i.reply({ content: t('platform.stale_button'), flags: MessageFlags.Ephemeral });
      return;
    }
    const inv: Invocation = {
      ...base(i),
      command: form.command,
      sub: form.sub,
      input: { ...form.input, ...typed },
    };
    const outcome = docket.dispatch(inv).then((out) => {
      // A form that failed validation may be sent again.
      if (out.ok) forms.delete(i.customId.slice(2));
      return out;
    });
    await answer(i, inv, outcome);
  }

  async function onButton(i: ButtonInteraction) {
    const button = decodeButton(i.customId);
    const inv: Invocation = {
      ...base(i),
      command: button?.command ?? '',
      sub: button?.sub,
      input: button?.input ?? {},
    };
    if (!button || !docket.byName.has(button.command)) {
      const t = await docket.translatorFor(inv);
      await i.reply({ content: t('platform.stale_button'), flags: MessageFlags.Ephemeral });
      return;
    }
    const outcome = await docket.dispatch(inv);
    const ephemeralSource = i.message.flags.has(MessageFlags.Ephemeral);
    if (outcome.ok && outcome.reply.replaces && !ephemeralSource) {
      // The shared message now shows the new counts, for everyone.
      const m = toDiscordMessage({ ...outcome.reply, visibility: 'public' });
      await i.update({ embeds: m.embeds, components: m.components });
      return;
    }
    await i.reply({
      ...options(toDiscordMessage({ ...outcome.reply, visibility: 'ephemeral' })),
      files: files(outcome),
    });
  }

  async function onAutocomplete(i: AutocompleteInteraction) {
    const focused = i.options.getFocused(true);
    const def = docket.byName.get(i.commandName);
    const sub = i.options.getSubcommand(false);
    const subDef = sub ? def?.subcommands[sub] : undefined;
    const prepared = subDef
      ? await docket.prepare({ ...base(i), command: i.commandName, sub: sub ?? undefined, input: {} })
      : undefined;
    const field =
      prepared && prepared.error === undefined
        ? prepared.fields.find((f) => f.key === focused.name)
        : undefined;
    if (!field?.prefix) {
      await i.respond([]);
      return;
    }
    const choices = await docket.suggest(base(i), field.prefix, String(focused.value ?? ''));
    await i.respond(choices.map((c) => ({ name: c.label, value: c.value })));
  }

  async function onMessageAction(i: MessageContextMenuCommandInteraction) {
    const def = docket.commands.find((c) => c.messageAction);
    if (!def?.messageAction) return;
    const prepared = await docket.prepare({
      ...base(i),
      command: def.name,
      sub: def.messageAction.sub,
      input: {},
    });
    if (prepared.error !== undefined) return;
    const prefill = def.messageAction.prefill({
      text: i.targetMessage.content ?? '',
      link: i.targetMessage.url,
    });
    const fields = prepared.fields.filter((f) => f.required || f.key in prefill);
    await i.showModal(modalFor(prepared.t, prepared, fields, prefill, i.channelId));
  }

  client.on(Events.InteractionCreate, (i) => {
    const run = i.isChatInputCommand()
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
    run.catch((error: unknown) =>
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

  // Discord's "cannot send messages to this user" (DMs closed) and unknown channel/user never heal.
  const PERMANENT = new Set([50007, 10003, 10013, 50001]);
  const notifier: Notifier = {
    platform: 'DISCORD',
    async send(to, message) {
      try {
        const channel =
          to.channelId ??
          (
            (await client.rest.post(Routes.userChannels(), { body: { recipient_id: to.userId } })) as {
              id: string;
            }
          ).id;
        const m = toDiscordMessage({ ...message.reply, visibility: 'public' });
        await client.rest.post(Routes.channelMessages(channel), {
          body: { embeds: m.embeds, components: m.components, allowed_mentions: m.allowed_mentions },
        });
      } catch (error) {
        const code = (error as { code?: number }).code;
        if (typeof code === 'number' && PERMANENT.has(code))
          throw new PermanentDeliveryError(`discord: ${code}`);
        throw error;
      }
    },
  };

  return {
    client,
    notifier,
    async start() {
      await client.login(o.token);
    },
    async stop() {
      await client.destroy();
    },
  };
}
