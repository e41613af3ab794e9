import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { toBlockKit } from '../../../src/adapters/slack/block-kit.ts';
import { slackManifest } from '../../../src/adapters/slack/manifest.ts';
import { readModal, SLACK_FORMS, toModal } from '../../../src/adapters/slack/modal.ts';
import { buildForm } from '../../../src/core/forms.ts';
import { describe as fieldsOf } from '../../../src/core/fields.ts';
import { translator } from '../../../src/core/i18n/index.ts';

describe('toBlockKit', () => {
  it('renders a card as exact Block Kit, with date tokens, escaped text and button values', () => {
    const message = toBlockKit({
      reply: {
        visibility: 'public',
        title: 'M3 · Justice <data> & courts',
        lines: ['Agenda: <!channel> & more', ['Starts ', { time: new Date('2026-12-03T14:00:00Z') }]],
        fields: [{ label: 'Link', value: [{ url: 'https://meet.example.org/a|b', label: 'join' }] }],
        buttons: [
          {
            label: 'Yes (1)',
            command: 'meeting',
            sub: 'rsvp',
            input: { id: 'M3', answer: 'yes' },
            style: 'primary',
          },
        ],
        footer: 'M3 · organised in Europe/Paris',
      },
      locale: 'en',
      timeZone: 'UTC',
    });
    expect(message).toEqual({
      // The top-level text is parsed for notifications too: escaped like the blocks.
      text: 'M3 · Justice &lt;data&gt; &amp; courts\nAgenda: &lt;!channel&gt; &amp; more\nStarts Thu 3 Dec 2026, 14:00 UTC',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'M3 · Justice <data> & courts', emoji: true } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'Agenda: &lt;!channel&gt; &amp; more\nStarts <!date^1796306400^{date_short_pretty} {time}|Thu 3 Dec 2026, 14:00 UTC>',
            // Verbatim: Slack does not turn plain words like @channel or #general into mentions.
            verbatim: true,
          },
        },
        {
          type: 'section',
          fields: [{ type: 'mrkdwn', text: '*Link*\n<https://meet.example.org/a%7Cb|join>', verbatim: true }],
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'docket:0',
              text: { type: 'plain_text', text: 'Yes (1)', emoji: true },
              value: '{"c":"meeting","s":"rsvp","i":{"id":"M3","answer":"yes"}}',
              style: 'primary',
            },
          ],
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'M3 · organised in Europe/Paris', verbatim: true }],
        },
      ],
    });
  });

  it('keeps within Slack’s limits: 10 fields a section, 3000 characters a text, 75 a button label', () => {
    const message = toBlockKit({
      reply: {
        visibility: 'ephemeral',
        lines: ['x'.repeat(7000)],
        fields: Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: 'v' })),
        buttons: [{ label: 'b'.repeat(100), command: 'learning', sub: 'useful', input: { id: 'L1' } }],
      },
      locale: 'en',
      timeZone: 'UTC',
    });
    const sections = message.blocks.filter((b) => b.type === 'section');
    expect(sections.map((s) => ((s.text as { text?: string } | undefined)?.text ?? '').length)).toEqual([
      3000, 3000, 1000, 0, 0,
    ]);
    expect(sections.slice(3).map((s) => (s.fields as unknown[]).length)).toEqual([10, 2]);
    const button = (message.blocks.at(-1)!.elements as { text: { text: string } }[])[0]!;
    expect(button.text.text).toHaveLength(75);
  });
});

describe('modals', () => {
  it('builds inputs from the schema and reads a submission back', () => {
    const schedule = (
      commands.find((c) => c.name === 'meeting')!.subcommands as Record<
        string,
        { input: Parameters<typeof fieldsOf>[0] }
      >
    ).schedule!;
    const form = buildForm(
      translator('es'),
      { command: 'meeting', sub: 'schedule', channelId: 'C1' },
      fieldsOf(schedule.input),
      { title: 'Hola', kind: 'HYBRID', duration: '90' },
      SLACK_FORMS,
    );
    const view = toModal(form);
    expect(view.title).toEqual({ type: 'plain_text', text: '/meeting schedule' });
    expect(JSON.parse(view.private_metadata as string)).toEqual({
      command: 'meeting',
      sub: 'schedule',
      channelId: 'C1',
      hidden: {},
    });
    const blocks = view.blocks as {
      block_id?: string;
      optional?: boolean;
      label?: { text: string };
      element?: Record<string, unknown>;
    }[];
    const kind = blocks.find((b) => b.block_id === 'kind')!;
    expect(kind.optional).toBe(true);
    expect(kind.label?.text).toBe('Virtual, presencial o híbrida');
    expect(kind.element?.initial_option).toEqual({
      text: { type: 'plain_text', text: 'Híbrida' },
      value: 'HYBRID',
    });
    expect(blocks.find((b) => b.block_id === 'duration')!.element).toEqual({
      type: 'number_input',
      action_id: 'value',
      is_decimal_allowed: false,
      min_value: '5',
      max_value: '1440',
      initial_value: '90',
    });
    expect(
      readModal({
        title: { value: { type: 'plain_text_input', value: 'Hola' } },
        kind: { value: { type: 'static_select', selected_option: { value: 'HYBRID' } } },
        agenda: { value: { type: 'plain_text_input', value: null } },
      }),
    ).toEqual({ title: 'Hola', kind: 'HYBRID' });
  });
});

describe('slackManifest', () => {
  it('declares every command, the shortcut and the request URLs', () => {
    const m = slackManifest(commands, 'https://docket.example.org/') as {
      features: {
        slash_commands: { command: string; url: string }[];
        shortcuts: { callback_id: string; name: string }[];
      };
      settings: { interactivity: { request_url: string } };
    };
    expect(m.features.slash_commands.map((c) => c.command)).toEqual([
      '/learning',
      '/commitment',
      '/meeting',
      '/digest',
      '/report',
      '/member',
      '/coalition',
    ]);
    expect(new Set(m.features.slash_commands.map((c) => c.url))).toEqual(
      new Set(['https://docket.example.org/slack/events']),
    );
    expect(m.features.shortcuts).toEqual([
      expect.objectContaining({ callback_id: 'docket_message_action', name: 'Save as learning' }),
    ]);
    expect(m.settings.interactivity.request_url).toBe('https://docket.example.org/slack/events');
    expect(
      (m.settings as unknown as { event_subscriptions: { bot_events: string[] } }).event_subscriptions
        .bot_events,
    ).toEqual(['message.channels', 'message.groups']);
  });
});
