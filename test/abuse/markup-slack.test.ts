// Abuse: Slack markup in member text, through the real @slack/bolt against a fake Slack. Every
// payload Docket sends (replies on response_url, channel posts, DMs, updates, reminders, digests,
// modals) carries no live mention and no disguised link, whatever members typed or Slack reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, SAVE_AS_LEARNING } from '../../src/adapters/slack/slack.adapter.ts';
import { createLogger } from '../../src/core/log.ts';
import { postDigests } from '../../src/jobs/digest.job.ts';
import { planReminders } from '../../src/jobs/reminders.job.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { FakeSlack, postSigned, serveSlack } from '../helpers/fake-slack.ts';
import { harness, type Harness } from '../helpers/harness.ts';
import { HOSTILE, slackProblems } from './checks.ts';

const SECRET = 'abuse-signing-secret';
const quiet = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);
type Json = Record<string, unknown>;

describe.each(PROVIDERS)('abuse: Slack markup on %s', (provider) => {
  let h: Harness;
  let fake: FakeSlack;
  let close: (() => void) | undefined;
  let base = '';
  let n = 0;
  const slash = async (user: string, command: string, text: string) => {
    const id = `m${++n}`;
    await postSigned(`${base}/slack/events`, SECRET, {
      team_id: 'T1',
      channel_id: 'C1',
      user_id: user,
      user_name: user.toLowerCase(),
      command: `/${command}`,
      text,
      response_url: fake.responseUrl(id),
      trigger_id: `trigger-${id}`,
    });
    return fake.responses.find((r) => r.path === `/response/${id}`)?.body;
  };
  /** Everything Slack received that it would show, with where it went. */
  const shown = () => [
    ...fake.calls
      .filter((c) =>
        ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.open'].includes(c.method),
      )
      .map((c) => ({ where: `${c.method} ${String(c.args.channel ?? '')}`, payload: c.args.view ?? c.args })),
    ...fake.responses.map((r) => ({ where: r.path, payload: r.body })),
  ];

  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider, { admins: ['slack:USEC'] });
    fake = await new FakeSlack().start();
    // Slack reports a hostile display name for the attacker.
    fake.users.set('UEVIL', { id: 'UEVIL', name: 'evil', real_name: HOSTILE.name, tz: 'Europe/Paris' });
    const slack = createSlackAdapter(h.docket, quiet, {
      signingSecret: SECRET,
      botToken: 'xoxb-test',
      apiUrl: fake.apiUrl,
      processBeforeResponse: true,
      retryConfig: { retries: 0 },
    });
    h.attach(slack);
    ({ base, close } = await serveSlack(slack, quiet));
    await slash('USEC', 'coalition', 'settings learnings_channel:CLEARN digest_channel:CDIGEST');
  }, 60_000);
  afterAll(async () => {
    close?.();
    await fake?.stop();
    await h?.close();
  });

  it.skipIf(!available(provider))(
    'a hostile organisation name and display name reach the secretariat’s DM card inert',
    async () => {
      await slash('UEVIL', 'member', `join "${HOSTILE.organization}" type:government`);
      await h.docket.courier.idle();
      const card = fake.callsTo('chat.postMessage').find((a) => a.channel === 'DUSEC');
      expect(card).toBeDefined();
      expect(String(card?.text)).toContain('&lt;!channel&gt; Boss &lt;@U1&gt;');
      await slash('USEC', 'member', 'approve J1 standing:member');
      await h.docket.courier.idle();
      expect(fake.callsTo('chat.postMessage').some((a) => a.channel === 'DUEVIL')).toBe(true);
    },
  );

  it.skipIf(!available(provider))(
    'a learning titled <!channel> with <!here> and a disguised link is posted to the channel inert',
    async () => {
      await slash(
        'UEVIL',
        'learning',
        `share title:"${HOSTILE.title}" summary:"${HOSTILE.summary}" themes:sdg16`,
      );
      await h.docket.courier.idle();
      const post = fake.callsTo('chat.postMessage').find((a) => a.channel === 'CLEARN');
      expect(post).toBeDefined();
      // The case in the issue: the top-level text (notifications, previews) is escaped too.
      expect(String(post?.text)).toContain('&lt;!channel&gt; urgent &lt;@U123&gt;');
      expect(String(post?.text)).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
      expect(JSON.stringify(post?.blocks)).toContain('&lt;https://evil.example|the official report&gt;');
    },
  );

  it.skipIf(!available(provider))(
    'a meeting titled with mentions, its cancel reason, reminders and the digest are all inert',
    async () => {
      await slash(
        'UEVIL',
        'meeting',
        `schedule title:"${HOSTILE.title}" start:"2026-11-30 10:00" link:https://meet.example.org/w agenda:"${HOSTILE.summary}"`,
      );
      await slash('USEC', 'meeting', 'rsvp M1 yes');
      await slash(
        'UEVIL',
        'meeting',
        `schedule title:"Second ${HOSTILE.title}" start:"2026-11-28 10:00" link:https://meet.example.org/x`,
      );
      await slash('USEC', 'meeting', 'rsvp M2 yes');
      await slash('UEVIL', 'meeting', `cancel M1 reason:"${HOSTILE.reason}"`);
      await h.docket.courier.idle();
      expect(fake.callsTo('chat.postMessage').filter((a) => a.channel === 'DUSEC').length).toBeGreaterThan(1);
      // Reminders of M2, 24 h before: to the attendee and to the meeting's channel.
      h.clock.current = new Date('2026-11-27T10:00:00Z');
      await planReminders(h.jobs(quiet));
      await h.docket.courier.deliver();
      expect(fake.callsTo('chat.postMessage').some((a) => a.channel === 'C1')).toBe(true);
      // Monday 09:00: last week's digest to the digest channel.
      h.clock.current = new Date('2026-11-30T08:30:00Z');
      await postDigests(h.jobs(quiet));
      await h.docket.courier.deliver();
      expect(fake.callsTo('chat.postMessage').some((a) => a.channel === 'CDIGEST')).toBe(true);
    },
  );

  it.skipIf(!available(provider))(
    'a message saved as a learning opens a modal of plain text only',
    async () => {
      await postSigned(`${base}/slack/events`, SECRET, {
        payload: JSON.stringify({
          type: 'message_action',
          callback_id: SAVE_AS_LEARNING,
          trigger_id: 't-short',
          team: { id: 'T1' },
          user: { id: 'UEVIL', name: 'evil' },
          channel: { id: 'C9' },
          message: { type: 'message', text: `${HOSTILE.title}\n${HOSTILE.summary}`, ts: '1.1' },
          message_ts: '1.1',
          response_url: fake.responseUrl('short'),
        }),
      });
      const view = fake.callsTo('views.open').at(-1)?.view as Json;
      expect(JSON.stringify(view)).not.toContain('"mrkdwn"');
    },
  );

  it.skipIf(!available(provider))(
    'nothing Slack received carries a live mention or a link a member chose',
    async () => {
      const all = shown();
      expect(all.length).toBeGreaterThan(15);
      for (const { where, payload } of all) {
        const { problems, links } = slackProblems(payload);
        expect(problems, where).toEqual([]);
        expect(
          links.filter((l) => l.includes('evil.example')),
          where,
        ).toEqual([]);
      }
    },
  );
});
