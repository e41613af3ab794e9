import { describe, expect, it } from 'vitest';
import { Ref } from '../../../src/core/refs.ts';
import { decodeButton, encodeButton, toDiscordMessage } from '../../../src/adapters/discord/message.ts';

describe('toDiscordMessage', () => {
  it('renders a card as an exact embed with timestamps, escaped text and button rows', () => {
    expect(
      toDiscordMessage({
        visibility: 'ephemeral',
        tone: 'success',
        title: 'L3 · Access *to* justice',
        lines: ['Shared by @everyone', ['Since ', { time: new Date('2026-12-03T14:00:00Z') }]],
        fields: [{ label: 'Link', value: [{ url: 'https://example.org/a_(b)', label: 'report' }] }],
        buttons: [{ label: 'Useful (2)', command: 'learning', sub: 'useful', input: { id: 'L3' } }],
        footer: 'L3 · /learning show L3',
      }),
    ).toEqual({
      embeds: [
        {
          color: 0x2e7d32,
          title: 'L3 · Access *to* justice',
          description: 'Shared by @\u200beveryone\nSince <t:1796306400:F> (<t:1796306400:R>)',
          fields: [{ name: 'Link', value: '[report](https://example.org/a_%28b%29)', inline: true }],
          footer: { text: 'L3 · /learning show L3' },
        },
      ],
      components: [
        {
          type: 1,
          components: [{ type: 2, custom_id: 'd:learning:useful:id:L3', label: 'Useful (2)', style: 2 }],
        },
      ],
      flags: 64,
      allowed_mentions: { parse: [] },
    });
  });

  it('holds to Discord’s limits: 5 rows of 5, custom ids of 100, field and title sizes', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      label: `B${i}`,
      command: 'meeting',
      sub: 'rsvp',
      input: { id: Ref.meeting(i), answer: 'yes' },
    }));
    const m = toDiscordMessage({
      visibility: 'public',
      title: 't'.repeat(300),
      fields: Array.from({ length: 30 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(2000) })),
      buttons: many,
    });
    expect(m.components).toHaveLength(5);
    expect(m.components.every((r) => r.components.length === 5)).toBe(true);
    expect(m.embeds[0]!.title).toHaveLength(256);
    expect(m.embeds[0]!.fields).toHaveLength(25);
    expect(m.embeds[0]!.fields![0]!.value).toHaveLength(1024);
    expect(encodeButton({ command: 'learning', sub: 'useful', input: { id: 'x'.repeat(120) } })).toBeNull();
  });

  it('decodes what it encodes, quoting included', () => {
    const input = { name: 'Ana "La" Pérez', confirm: 'yes' };
    expect(decodeButton(encodeButton({ command: 'member', sub: 'forget', input })!)).toEqual({
      command: 'member',
      sub: 'forget',
      input,
      refresh: false,
    });
    // A card's own button says so: pressed on a shared card, it refreshes it.
    expect(
      decodeButton(encodeButton({ command: 'meeting', sub: 'rsvp', input: { id: 'M1' }, refresh: true })!),
    ).toMatchObject({ refresh: true });
    expect(decodeButton('something-else')).toBeNull();
  });
});
