// Property: whatever members type, no renderer lets it act. Generated hostile strings (mentions,
// disguised links, entities, controls, bidi overrides, markdown, random Unicode) go into every
// place of a reply; Slack (blocks, top-level text, modals), Discord and the console must show it
// inert.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDiscordMessage } from '../../src/adapters/discord/message.ts';
import { toText } from '../../src/adapters/console/render.ts';
import { toBlockKit } from '../../src/adapters/slack/block-kit.ts';
import { toModal } from '../../src/adapters/slack/modal.ts';
import type { Form } from '../../src/core/platform.ts';
import type { Reply, RichText, Span } from '../../src/core/reply.ts';
import { consoleProblems, discordProblems, slackProblems } from './checks.ts';

const FRAGMENTS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123ABC>',
  '<@W1>',
  '<#C42|general>',
  '<!subteam^S1|@board>',
  '<!date^1^{date}|x>',
  '<https://evil.example|the official report>',
  '<mailto:a@b.example|mail>',
  '<https://evil.example>',
  '<@700000000000000002>',
  '<@!1>',
  '<@&1>',
  '<#300000000000000001>',
  '@everyone',
  '@here',
  '<',
  '>',
  '&',
  '&lt;',
  '&gt;',
  '&amp;',
  '|',
  '\\',
  '*',
  '_',
  '~',
  '`',
  '[',
  ']',
  '(',
  ')',
  '\u202e',
  '\u2066',
  '\u0085',
  '\u009b',
  '\x1b[31m',
  '\x07',
  '\r\n',
  '\n',
  '\t',
  '\u2028',
  ' ',
];

const hostile = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 6 })), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

/** Links as members could give them: real web addresses, and hostile text that only starts like one. */
const url = fc.oneof(
  fc.webUrl(),
  hostile,
  hostile.map((s) => `https://x.example/${s}`),
);

const span: fc.Arbitrary<Span> = fc.oneof(
  hostile,
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((time) => ({ time })),
  fc
    .record({ url, label: fc.option(hostile, { nil: undefined }) })
    .map((l) => (l.label === undefined ? { url: l.url } : { url: l.url, label: l.label })),
);
const rich: fc.Arbitrary<RichText> = fc.oneof(hostile, fc.array(span, { maxLength: 5 }));

const reply: fc.Arbitrary<Reply> = fc.record(
  {
    visibility: fc.constantFrom('ephemeral' as const, 'public' as const),
    tone: fc.constantFrom('info' as const, 'success' as const, 'warning' as const, 'error' as const),
    title: hostile,
    lines: fc.array(rich, { maxLength: 4 }),
    fields: fc.array(fc.record({ label: hostile, value: rich }), { maxLength: 4 }),
    buttons: fc.array(
      fc.record({
        label: hostile,
        command: fc.constant('learning'),
        sub: fc.constant('show'),
        input: fc.record({ id: hostile }),
      }),
      { maxLength: 3 },
    ),
    footer: hostile,
  },
  { requiredKeys: ['visibility'] },
);

const reader = { locale: 'en' as const, timeZone: 'Europe/Paris' };
const RUNS = { numRuns: 300 };

describe('every renderer shows hostile member text inert', () => {
  it('Slack Block Kit: no mention, special mention or disguised link, in blocks or the top-level text', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const message = toBlockKit({ reply: r, ...reader });
        const { problems } = slackProblems(message);
        expect(problems).toEqual([]);
        // The top-level text is plain words: no markup character survives unescaped.
        expect(message.text).not.toMatch(/[<>]/);
      }),
      RUNS,
    );
  });

  it('Slack modals: member text only ever in plain_text', () => {
    fc.assert(
      fc.property(hostile, hostile, fc.array(hostile, { maxLength: 3 }), (title, description, initial) => {
        const form: Form = {
          state: { command: 'learning', sub: 'share', hidden: { note: description } },
          title,
          description,
          submit: 'Save',
          cancel: 'Cancel',
          locale: 'en',
          fields: initial.map((value, i) => ({
            key: `f${i}`,
            kind: 'text',
            required: false,
            label: value,
            initial: value,
            ...(i === 0 ? { long: true, max: 3000 } : { max: 200 }),
          })),
        };
        const view = toModal(form);
        const texts: { type: string }[] = [];
        JSON.stringify(view, (key, v: unknown) => {
          if (v && typeof v === 'object' && 'type' in v && 'text' in v) texts.push(v as { type: string });
          return v;
        });
        expect(texts.every((t) => t.type === 'plain_text')).toBe(true);
      }),
      RUNS,
    );
  });

  it('Discord: allowed_mentions empty and no mention form in what is shown', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const message = toDiscordMessage(r);
        // What Discord shows: a link's target is an address, not text. A target starts at a `](`
        // whose `]` is not escaped (member text cannot open one: its brackets are escaped).
        const withoutTargets = (s: string) =>
          s.replace(/(\\*)\]\([^)]*\)/g, (all, slashes: string) =>
            slashes.length % 2 === 0 ? `${slashes}]()` : all,
          );
        const shown = JSON.parse(JSON.stringify(message), (_key, v: unknown) =>
          typeof v === 'string' ? withoutTargets(v) : v,
        ) as unknown;
        expect(discordProblems(shown)).toEqual([]);
        expect(message.allowed_mentions).toEqual({ parse: [] });
      }),
      RUNS,
    );
  });

  it('console: no control or bidi character reaches the terminal, and a title stays on one line', () => {
    fc.assert(
      fc.property(reply, fc.boolean(), (r, color) => {
        const out = toText({ reply: r, ...reader }, { color });
        expect(consoleProblems(out)).toEqual([]);
        const titleOnly = toText(
          { reply: { visibility: 'public', title: r.title ?? '' }, ...reader },
          { color },
        );
        expect(titleOnly).not.toContain('\n');
      }),
      RUNS,
    );
  });
});
