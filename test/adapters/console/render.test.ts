import { describe, expect, it } from 'vitest';
import { toText } from '../../../src/adapters/console/render.ts';
import type { Reply } from '../../../src/core/reply.ts';

const reply: Reply = {
  visibility: 'public',
  tone: 'success',
  title: 'M3 · Justice data working group',
  lines: [
    'Meeting scheduled as M3.',
    [
      'Starts ',
      { time: new Date('2026-12-03T14:00:00Z') },
      ', see ',
      { url: 'https://ogp.example.org', label: 'the agenda' },
    ],
  ],
  fields: [
    { label: 'When', value: [{ time: new Date('2026-12-03T14:00:00Z') }] },
    { label: 'Link', value: [{ url: 'https://meet.example.org/x' }] },
  ],
  buttons: [
    {
      label: 'Yes (1)',
      command: 'meeting',
      sub: 'rsvp',
      input: { id: 'M3', answer: 'yes' },
      style: 'primary',
    },
    { label: 'No (0)', command: 'meeting', sub: 'rsvp', input: { id: 'M3', answer: 'no' } },
  ],
  footer: 'M3 · times in your own zone',
};

describe('toText', () => {
  it('renders a card as plain text in the reader’s zone and language', () => {
    expect(toText({ reply, locale: 'fr', timeZone: 'Europe/Paris' }, { color: false })).toBe(
      [
        '✓ M3 · Justice data working group',
        '  Meeting scheduled as M3.',
        '  Starts jeu. 3 déc. 2026, 15:00 UTC+1, see the agenda <https://ogp.example.org>',
        '  When  jeu. 3 déc. 2026, 15:00 UTC+1',
        '  Link  https://meet.example.org/x',
        '  [1] Yes (1)  [2] No (0)',
        '  M3 · times in your own zone',
      ].join('\n'),
    );
  });

  it('colours only when asked, and numbers buttons from a given start', () => {
    const out = toText(
      {
        reply: { visibility: 'ephemeral', tone: 'error', title: 'Oops', buttons: reply.buttons },
        locale: 'en',
        timeZone: 'UTC',
      },
      { color: true, firstButton: 4 },
    );
    expect(out).toBe('\x1b[1m\x1b[31m✗ Oops\x1b[0m\n  \x1b[36m[4] Yes (1)\x1b[0m  \x1b[36m[5] No (0)\x1b[0m');
  });

  it('names attachments by where they were saved', () => {
    const out = toText(
      {
        reply: {
          visibility: 'ephemeral',
          attachments: [{ filename: 'm3.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR' }],
        },
        locale: 'en',
        timeZone: 'UTC',
      },
      { color: false, saved: { 'm3.ics': 'data/files/m3.ics' } },
    );
    expect(out).toBe('  📎 data/files/m3.ics');
  });

  it('neutralises controls and bidi overrides, and keeps a title on one line', () => {
    const out = toText(
      {
        reply: {
          visibility: 'public',
          title: 'Evil\ntitle \u202Eevil\x1b[2J',
          lines: ['ok\x07 line', 'two\nlines'],
        },
        locale: 'en',
        timeZone: 'UTC',
      },
      { color: false },
    );
    expect(out).toBe('• Evil title \uFFFDevil\uFFFD[2J\n  ok\uFFFD line\n  two\n  lines');
  });
});
