// Abuse: mentions in member text, through the real discord.js against a fake Discord. Every
// message Docket sends (interaction answers, deferred edits and follow-ups, channel posts and DMs
// over REST) has `allowed_mentions` empty and shows no mention form, whatever members typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord.adapter.ts';
import { createLogger } from '../../src/core/log.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { buttonPress, FakeDiscord, slashCommand, type OptionValue } from '../helpers/fake-discord.ts';
import { harness, until, type Harness } from '../helpers/harness.ts';
import { discordProblems, HOSTILE } from './checks.ts';

const quiet = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);
const sec = { id: '700000000000000011', name: 'sec' };
const evil = { id: '700000000000000012', name: HOSTILE.name };

describe.each(PROVIDERS)('abuse: Discord mentions on %s', (provider) => {
  let h: Harness;
  let fake: FakeDiscord;
  let discord: DiscordAdapter;
  const answered = async (interaction: { id: string; token: string }) => {
    fake.dispatch('INTERACTION_CREATE', interaction);
    // Deferred at once, then edited (and followed up when public): wait for the edit.
    await expect
      .poll(() => fake.calls.filter((c) => c.path.includes(interaction.token)).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    await h.docket.drain();
  };
  const run = (user: typeof sec, command: string, sub: string, options: Record<string, OptionValue>) =>
    answered(slashCommand(user, command, sub, options));

  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider, { admins: [`discord:${sec.id}`] });
    fake = await new FakeDiscord().start();
    // Deferred before any work: every answer is an edit, and a public one a follow-up.
    discord = createDiscordAdapter(h.docket, quiet, {
      token: 'bot-token',
      apiUrl: fake.apiUrl,
      deferAfterMs: 0,
    });
    h.attach(discord);
    await discord.start();
    await until(() => discord.client.isReady(), 15_000, 'discord ready');
  }, 60_000);
  afterAll(async () => {
    await discord?.stop();
    await fake?.stop();
    await h?.close();
  });

  it.skipIf(!available(provider))(
    'hostile names, titles, summaries and reasons reach channels, DMs and replies inert',
    async () => {
      await run(sec, 'coalition', 'settings', { learnings_channel: '300000000000000009' });
      await run(sec, 'member', 'review', {});
      await run(evil, 'member', 'join', { organization: HOSTILE.organization, type: 'GOVERNMENT' });
      await answered(buttonPress(sec, 'r:member:approve:id:J1 standing:member'));
      await run(evil, 'learning', 'share', {
        title: HOSTILE.title,
        summary: HOSTILE.summary,
        themes: 'sdg16',
      });
      await run(evil, 'meeting', 'schedule', {
        title: HOSTILE.title,
        start: '2027-01-12 15:00',
        link: 'https://meet.example.org/w',
        agenda: HOSTILE.summary,
      });
      await run(sec, 'meeting', 'rsvp', { id: 'M1', answer: 'YES' });
      await run(evil, 'meeting', 'cancel', { id: 'M1', reason: HOSTILE.reason });
      await h.docket.courier.idle();
      const posts = fake.calls.filter((c) => /^\/channels\/\d+\/messages$/.test(c.path));
      // The channel announcement, the join card and the outcome, and the cancellation notice.
      expect(posts.length).toBeGreaterThanOrEqual(4);
      expect(JSON.stringify(posts)).toContain('@\u200beveryone');
    },
  );

  it.skipIf(!available(provider))(
    'nothing Discord received allows a mention or shows a live one',
    async () => {
      const sends = fake.calls.filter(
        (c) => (c.method === 'POST' || c.method === 'PATCH') && typeof c.body === 'object' && c.body !== null,
      );
      expect(sends.length).toBeGreaterThan(15);
      for (const call of sends) expect(discordProblems(call.body), `${call.method} ${call.path}`).toEqual([]);
      // Follow-ups and edits of deferred answers were exercised.
      expect(sends.some((c) => /\/messages\/(@|%40)original$/.test(c.path))).toBe(true);
      expect(sends.some((c) => /^\/webhooks\/\d+\/[^/]+$/.test(c.path))).toBe(true);
    },
  );
});
