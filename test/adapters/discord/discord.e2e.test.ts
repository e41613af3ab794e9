// The real discord.js client against a fake Discord REST API and gateway on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  Locale,
  MessageFlags,
} from 'discord-api-types/v10';
import { commands } from '../../../commands/index.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/discord.adapter.ts';
import { registerCommands } from '../../../src/adapters/discord/register.ts';
import {
  APP_ID,
  autocomplete,
  buttonPress,
  FakeDiscord,
  GUILD_ID,
  messageAction,
  modalSubmit,
  slashCommand,
  type OptionValue,
} from '../../helpers/fake-discord.ts';
import { harness, until, type Harness } from '../../helpers/harness.ts';

type Json = Record<string, unknown>;
interface Callback {
  type: number;
  data?: Json;
}

let h: Harness;
let fake: FakeDiscord;
let discord: DiscordAdapter;

const ana = { id: '700000000000000001', name: 'ana' };
const luc = { id: '700000000000000002', name: 'luc', locale: Locale.French };

async function send(interaction: { id: string; token: string }): Promise<Callback> {
  fake.dispatch('INTERACTION_CREATE', interaction);
  await expect
    .poll(() => fake.callsTo(new RegExp(`^/interactions/${interaction.id}/`)).length, { timeout: 10_000 })
    .toBe(1);
  return fake.callsTo(new RegExp(`^/interactions/${interaction.id}/`))[0]!.body as Callback;
}
const title = (cb: Callback) => (cb.data?.embeds as Json[] | undefined)?.[0]?.title as string | undefined;
const run = (user: typeof ana, command: string, sub: string, options: Record<string, OptionValue> = {}) =>
  send(slashCommand(user, command, sub, options));

beforeAll(async () => {
  h = await harness('sqlite', { admins: [`discord:${ana.id}`] });
  fake = await new FakeDiscord().start();
  discord = createDiscordAdapter(h.docket, h.docket.log, { token: 'bot-token', apiUrl: fake.apiUrl });
  h.docket.attach(discord);
  await discord.start();
  await until(() => discord.client.isReady(), 15_000, 'discord ready');
});
afterAll(async () => {
  await discord?.stop();
  await fake?.stop();
  await h?.close();
});

describe('registration', () => {
  it('registers every command with typed options, and a second run sends the same payload', async () => {
    await registerCommands(commands, {
      token: 't',
      applicationId: APP_ID,
      guildId: GUILD_ID,
      apiUrl: fake.apiUrl,
    });
    await registerCommands(commands, {
      token: 't',
      applicationId: APP_ID,
      guildId: GUILD_ID,
      apiUrl: fake.apiUrl,
    });
    const puts = fake.callsTo(new RegExp(`^/applications/${APP_ID}/guilds/${GUILD_ID}/commands$`), 'PUT');
    expect(puts).toHaveLength(2);
    expect(puts[1]!.body).toEqual(puts[0]!.body);
    const body = puts[0]!.body as Json[];
    expect(body.map((c) => c.name)).toEqual([
      'learning',
      'commitment',
      'meeting',
      'digest',
      'report',
      'member',
      'coalition',
      'Save as learning',
    ]);
    expect(body.find((c) => c.name === 'digest')?.options).toEqual([
      expect.objectContaining({ name: 'week', type: ApplicationCommandOptionType.String, required: false }),
    ]);
    const meeting = body.find((c) => c.name === 'meeting')!;
    const schedule = (meeting.options as Json[]).find((o) => o.name === 'schedule')!;
    const opts = schedule.options as Json[];
    expect(opts.map((o) => [o.name, o.type, o.required])).toEqual([
      ['title', ApplicationCommandOptionType.String, true],
      ['start', ApplicationCommandOptionType.String, true],
      ['timezone', ApplicationCommandOptionType.String, false],
      ['duration', ApplicationCommandOptionType.Integer, false],
      ['kind', ApplicationCommandOptionType.String, false],
      ['link', ApplicationCommandOptionType.String, false],
      ['location', ApplicationCommandOptionType.String, false],
      ['agenda', ApplicationCommandOptionType.String, false],
    ]);
    expect(opts.find((o) => o.name === 'duration')).toMatchObject({ min_value: 5, max_value: 1440 });
    expect(opts.find((o) => o.name === 'kind')?.choices).toEqual([
      {
        name: 'Virtual',
        value: 'VIRTUAL',
        name_localizations: { fr: 'En ligne', 'es-ES': 'Virtual', 'es-419': 'Virtual' },
      },
      {
        name: 'In person',
        value: 'IN_PERSON',
        name_localizations: { fr: 'En présentiel', 'es-ES': 'Presencial', 'es-419': 'Presencial' },
      },
      {
        name: 'Hybrid',
        value: 'HYBRID',
        name_localizations: { fr: 'Hybride', 'es-ES': 'Híbrida', 'es-419': 'Híbrida' },
      },
    ]);
    const rsvp = (meeting.options as Json[]).find((o) => o.name === 'rsvp')!;
    expect((rsvp.options as Json[])[0]).toMatchObject({ name: 'id', autocomplete: true, required: true });
    const learning = body.find((c) => c.name === 'learning')!;
    expect((learning.options as Json[]).map((o) => o.name)).toEqual(['share', 'search', 'list', 'show']);
    // The summary is long text: typed in a modal, so not required as an option.
    expect(
      ((learning.options as Json[])[0]!.options as Json[]).find((o) => o.name === 'summary'),
    ).toMatchObject({ required: false, max_length: 2000 });
  });
});

describe('commands through INTERACTION_CREATE', () => {
  it('runs every command and replies within the interaction', async () => {
    const script: [string, string, Record<string, OptionValue>, string][] = [
      [
        'member',
        'join',
        { organization: 'Ministerio de Justicia', type: 'GOVERNMENT', country: 'CO' },
        'Welcome to Ministerio de Justicia',
      ],
      ['member', 'profile', { timezone: 'America/Bogota' }, 'ana'],
      [
        'commitment',
        'log',
        {
          title: 'Casas de justicia',
          member: 'Colombia',
          plan: '2024-2027',
          description: 'Community justice houses in every municipality.',
          themes: 'access_to_justice',
        },
        'C1 · Casas de justicia',
      ],
      [
        'commitment',
        'update',
        { id: 'C1', completion: 'LIMITED', note: 'Ten houses opened.' },
        'C1 · Casas de justicia',
      ],
      ['commitment', 'list', {}, 'Justice commitments'],
      ['commitment', 'show', { id: 'C1' }, 'C1 · Casas de justicia'],
      ['learning', 'search', { query: 'anything' }, 'Learnings matching “anything”'],
      ['learning', 'list', {}, 'Latest learnings'],
      [
        'meeting',
        'schedule',
        {
          title: 'Mesa de trabajo',
          start: '2027-03-02 10:00',
          link: 'https://meet.example.org/m',
          duration: 45,
        },
        'M1 · Mesa de trabajo',
      ],
      ['meeting', 'rsvp', { id: 'M1', answer: 'YES' }, 'M1 · Mesa de trabajo'],
      ['meeting', 'list', {}, 'Upcoming meetings'],
      ['meeting', 'show', { id: 'm1' }, 'M1 · Mesa de trabajo'],
      ['meeting', 'ics', { id: 'M1' }, 'M1 · Mesa de trabajo'],
      ['member', 'list', {}, 'Coalition members'],
      ['member', 'link', {}, 'Link your accounts'],
      ['coalition', 'help', {}, 'OGP Justice Coalition: what Docket can do'],
      [
        'coalition',
        'settings',
        { learnings_channel: '300000000000000009' },
        'OGP Justice Coalition: settings',
      ],
      ['meeting', 'cancel', { id: 'M1' }, 'M1 · Mesa de trabajo'],
      ['member', 'forget', {}, 'Erase personal data'],
    ];
    for (const [command, sub, options, expected] of script) {
      const cb = await run(ana, command, sub, options);
      expect(cb.type, `/${command} ${sub}`).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(title(cb), `/${command} ${sub}`).toBe(expected);
    }
    const m1 = await h.db.meeting.findFirstOrThrow();
    expect(m1.startsAt.toISOString()).toBe('2027-03-02T15:00:00.000Z');
    // Mirrored as the server's scheduled event through the outbox, then cancelled with the meeting.
    await h.docket.courier.idle();
    const created = fake.callsTo(new RegExp(`^/guilds/${GUILD_ID}/scheduled-events$`), 'POST')[0]!;
    expect(created.body).toMatchObject({
      name: 'M1 · Mesa de trabajo',
      entity_type: 3,
      privacy_level: 2,
      entity_metadata: { location: 'https://meet.example.org/m' },
      scheduled_start_time: '2027-03-02T15:00:00.000Z',
      scheduled_end_time: '2027-03-02T15:45:00.000Z',
    });
    const mirror = await h.db.externalEvent.findFirstOrThrow({ where: { subject: `meeting:${m1.id}` } });
    expect(mirror.externalId).toMatch(/^\d+$/);
    expect(
      fake.callsTo(new RegExp(`^/guilds/${GUILD_ID}/scheduled-events/${mirror.externalId}$`), 'PATCH').at(-1)
        ?.body,
    ).toEqual({ status: 4 });
    const ics = fake.calls.find((c) => c.raw.includes('BEGIN:VCALENDAR'));
    expect(ics?.raw).toContain('filename="docket-m1.ics"');
  });

  it('keeps private replies ephemeral and public ones in the channel', async () => {
    expect((await run(ana, 'learning', 'list')).data?.flags).toBe(MessageFlags.Ephemeral);
    const pub = await run(ana, 'meeting', 'schedule', {
      title: 'Public call',
      start: '2027-04-01 10:00',
      link: 'https://meet.example.org/p',
    });
    expect(pub.data?.flags).toBeUndefined();
    const embed = (pub.data?.embeds as Json[])[0]!;
    expect((embed.fields as Json[])[0]).toEqual({
      name: 'When',
      value: '<t:1806591600:F> (<t:1806591600:R>)',
      inline: true,
    });
    expect(pub.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('speaks the interaction’s language', async () => {
    const cb = await run(luc, 'learning', 'show', { id: 'L42' });
    expect((cb.data?.embeds as Json[])[0]!.description).toBe(
      'Aucun enseignement L42 dans cette coalition. Essayez /learning list.',
    );
    expect(cb.data?.flags).toBe(MessageFlags.Ephemeral);
  });

  it('suggests meetings by title while the id is typed', async () => {
    const cb = await send(autocomplete(ana, 'meeting', 'rsvp', 'id', 'publ'));
    expect(cb).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [{ name: 'M2 · Public call', value: 'M2' }] },
    });
  });
});

describe('buttons', () => {
  it('updates the shared message with live counts', async () => {
    await run(luc, 'member', 'join', { organization: 'Dejusticia', type: 'CIVIL_SOCIETY' });
    // The secretariat approves the new organisation with the card's button, through discord.js.
    const approved = await send(buttonPress(ana, 'r:member:approve:id:J2 standing:member'));
    expect((approved.data?.embeds as Json[])[0]!.title).toBe('J2 · luc → Dejusticia');
    expect(approved.data?.allowed_mentions).toEqual({ parse: [] });
    const cb = await send(buttonPress(luc, 'r:meeting:rsvp:id:M2 answer:yes'));
    expect(cb.type).toBe(InteractionResponseType.UpdateMessage);
    const labels = ((cb.data?.components as Json[])[0]!.components as Json[]).map((b) => b.label);
    expect(labels).toEqual(['Oui (1)', 'Peut-être (0)', 'Non (0)', 'Ajouter au calendrier']);
    expect(await h.db.rsvp.count({ where: { answer: 'YES', meeting: { number: 2 } } })).toBe(1);
  });

  it('answers a stale or unknown button with a short private note, never a crash', async () => {
    const cb = await send(buttonPress(ana, 'legacy:something'));
    expect(cb).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
    expect((cb.data?.embeds as Json[])[0]!.description).toBe(
      'This button is out of date. Run the command again.',
    );
    const unknown = await run(ana, 'party', 'now');
    expect((unknown.data?.embeds as Json[])[0]!.description).toBe(
      'There is no command party. Try /coalition help.',
    );
  });
});

describe('modals', () => {
  it('asks for long text in a modal, explains validation errors, then saves', async () => {
    const before = await h.counts();
    const open = await run(luc, 'learning', 'share', {
      title: 'Casas de justicia',
      themes: 'access_to_justice',
    });
    expect(open.type).toBe(InteractionResponseType.Modal);
    const rows = open.data?.components as { components: Json[] }[];
    expect(rows.map((r) => r.components[0]!.custom_id)).toEqual(['summary']);
    expect(rows[0]!.components[0]).toMatchObject({
      style: 2,
      required: true,
      label: 'Ce qui a été appris, en quelques phrases',
    });
    const formId = open.data?.custom_id as string;
    const bad = await send(modalSubmit(luc, formId, { summary: 'short' }));
    expect(bad.data?.flags).toBe(MessageFlags.Ephemeral);
    expect((bad.data?.embeds as Json[])[0]!.description).toBe('• summary: too short: at least 10 characters');
    expect(await h.counts()).toEqual(before);
    const good = await send(
      modalSubmit(luc, formId, { summary: 'Justice houses bring services closer to people.' }),
    );
    expect(title(good)).toBe('L1 · Casas de justicia');
    expect(await h.db.learning.count()).toBe(1);
  });

  it('saves a message as a learning from the context menu, pre-filled', async () => {
    const open = await send(
      messageAction(
        ana,
        'Save as learning',
        'Mobile courts reach rural areas\nSee https://example.org/mobile for the evaluation.',
      ),
    );
    expect(open.type).toBe(InteractionResponseType.Modal);
    const values = Object.fromEntries(
      (open.data?.components as { components: Json[] }[]).map((r) => [
        r.components[0]!.custom_id,
        r.components[0]!.value,
      ]),
    );
    expect(values).toMatchObject({
      title: 'Mobile courts reach rural areas',
      url: 'https://example.org/mobile',
    });
    expect(values.summary).toContain('See https://example.org/mobile');
  });
});

describe('gateway', () => {
  it('recovers from a dropped connection and keeps answering', async () => {
    const before = fake.identifies + fake.resumes;
    fake.drop();
    await expect.poll(() => fake.identifies + fake.resumes, { timeout: 20_000 }).toBeGreaterThan(before);
    await expect.poll(() => fake.connected, { timeout: 20_000 }).toBe(1);
    const cb = await run(ana, 'coalition', 'help');
    expect(title(cb)).toBe('OGP Justice Coalition: what Docket can do');
  }, 40_000);
});

describe('exchanges', () => {
  it('counts guild messages and thread replies from MESSAGE_CREATE, ignoring bots', async () => {
    const message = (id: string, author: Json, channel = '300000000000000001') => ({
      id,
      channel_id: channel,
      guild_id: GUILD_ID,
      author,
      content: '',
      timestamp: '2026-11-27T10:00:00.000Z',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
      components: [],
      member: { roles: [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    });
    fake.dispatch(
      'MESSAGE_CREATE',
      message('800000000000000001', {
        id: luc.id,
        username: 'luc',
        discriminator: '0',
        global_name: 'luc',
        avatar: null,
      }),
    );
    fake.dispatch(
      'MESSAGE_CREATE',
      message('800000000000000002', {
        id: '900',
        username: 'bot',
        discriminator: '0',
        global_name: null,
        avatar: null,
        bot: true,
      }),
    );
    fake.dispatch(
      'MESSAGE_CREATE',
      message('800000000000000001', {
        id: luc.id,
        username: 'luc',
        discriminator: '0',
        global_name: 'luc',
        avatar: null,
      }),
    );
    await expect
      .poll(() => h.db.exchangeEvent.count({ where: { platform: 'DISCORD' } }), { timeout: 5000 })
      .toBe(1);
    const row = await h.db.exchangeEvent.findFirstOrThrow({ where: { platform: 'DISCORD' } });
    expect(row).toMatchObject({ eventId: '800000000000000001', orgType: 'CIVIL_SOCIETY', threaded: false });
  });
});

describe('deferred replies', () => {
  it('defers when work takes longer than the threshold, then follows up', async () => {
    const slowFake = await new FakeDiscord().start();
    const slow = createDiscordAdapter(h.docket, h.docket.log, {
      token: 'bot-token',
      apiUrl: slowFake.apiUrl,
      deferAfterMs: 0,
    });
    await slow.start();
    try {
      await expect.poll(() => slow.client.isReady(), { timeout: 15_000 }).toBe(true);
      const interaction = slashCommand(ana, 'meeting', 'schedule', {
        title: 'Deferred call',
        start: '2027-05-01 10:00',
        link: 'https://meet.example.org/d',
      });
      slowFake.dispatch('INTERACTION_CREATE', interaction);
      await expect.poll(() => slowFake.callsTo(/^\/webhooks\//).length, { timeout: 10_000 }).toBe(2);
      const callback = slowFake.callsTo(new RegExp(`^/interactions/${interaction.id}/`))[0]!.body as Callback;
      expect(callback).toEqual({
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data: { flags: MessageFlags.Ephemeral },
      });
      const followUp = slowFake.callsTo(/^\/webhooks\/\d+\/[^/]+$/, 'POST')[0]!.body as Json;
      expect((followUp.embeds as Json[])[0]!.title).toBe('M3 · Deferred call');
    } finally {
      await slow.stop();
      await slowFake.stop();
    }
  }, 40_000);
});
