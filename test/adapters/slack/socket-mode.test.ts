// Socket Mode (SLACK_APP_TOKEN): the real Bolt connects to a local socket, takes a slash command
// envelope, acknowledges it, and answers through response_url.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/slack.adapter.ts';
import { FakeSlack } from '../../helpers/fake-slack.ts';
import { harness, until, type Harness } from '../../helpers/harness.ts';

let h: Harness;
let fake: FakeSlack;
let slack: SlackAdapter;

beforeAll(async () => {
  h = await harness('sqlite');
  fake = await new FakeSlack().start();
  slack = createSlackAdapter(h.docket, h.docket.log, {
    signingSecret: 'unused',
    botToken: 'xoxb-socket',
    appToken: 'xapp-1',
    apiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
  });
  await slack.start();
  await until(() => fake.sockets.size === 1, 15_000, 'socket connection');
});
afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  await h?.close();
});

describe('Slack Socket Mode', () => {
  it('opens the connection through SLACK_API_URL, acknowledges the envelope and answers', async () => {
    expect(fake.calls.filter((c) => c.method === 'apps.connections.open').map((c) => c.token)).toEqual([
      'xapp-1',
    ]);
    fake.push({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'x',
        team_id: 'T1',
        channel_id: 'C1',
        user_id: 'U1',
        user_name: 'u',
        command: '/coalition',
        text: 'help',
        response_url: fake.responseUrl('sm'),
        trigger_id: 't',
      },
    });
    await until(() => fake.acks.some((a) => a.envelope_id === 'env-1'), 10_000, 'ack');
    await until(() => fake.responses.length === 1, 10_000, 'reply');
    expect(JSON.stringify(fake.responses[0]!.body)).toContain('what Docket can do');
  });
});
