// Several workspaces: OAuth install through Bolt's installer, installations encrypted at rest,
// each workspace tied to its coalition and unable to see another's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/slack.adapter.ts';
import { encryptionKey } from '../../../src/services/index.ts';
import { FakeSlack, postSigned, serveSlack } from '../../helpers/fake-slack.ts';
import { harness, type Harness } from '../../helpers/harness.ts';

const SECRET = 'oauth-signing-secret';
let h: Harness;
let fake: FakeSlack;
let slack: SlackAdapter;
let close: (() => void) | undefined;
let base = '';

async function install(team: string, coalition?: string) {
  const start = await fetch(`${base}/slack/install${coalition ? `?coalition=${coalition}` : ''}`, {
    redirect: 'manual',
  });
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get('location')!);
  expect(location.origin + location.pathname).toBe('https://slack.example/oauth/v2/authorize');
  expect(location.searchParams.get('client_id')).toBe('client-1');
  const state = location.searchParams.get('state')!;
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  // Slack sends the browser back with a code; Bolt exchanges it (oauth.v2.access) and stores it.
  const back = await fetch(`${base}/slack/oauth_redirect?code=${team}&state=${encodeURIComponent(state)}`, {
    headers: { cookie },
  });
  return back.status;
}

let n = 0;
async function slash(team: string, user: string, command: string, text: string) {
  const id = `o${++n}`;
  await postSigned(`${base}/slack/events`, SECRET, {
    team_id: team,
    channel_id: 'C1',
    user_id: user,
    user_name: user,
    command: `/${command}`,
    text,
    response_url: fake.responseUrl(id),
    trigger_id: 't',
  });
  return fake.responses.find((r) => r.path === `/response/${id}`)?.body;
}

beforeAll(async () => {
  h = await harness('sqlite', { encryptionKey: encryptionKey('a-test-encryption-secret') });
  fake = await new FakeSlack().start();
  slack = createSlackAdapter(h.docket, h.docket.log, {
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    processBeforeResponse: true,
    retryConfig: { retries: 0 },
    oauth: { clientId: 'client-1', clientSecret: 'client-secret', stateSecret: 'state-secret' },
    authorizationUrl: 'https://slack.example/oauth/v2/authorize',
  });
  h.docket.attach(slack);
  ({ base, close } = await serveSlack(slack, h.docket.log));
});
afterAll(async () => {
  close?.();
  await fake?.stop();
  await h?.close();
});

describe('Slack OAuth', () => {
  it('stores each installation encrypted, tied to the coalition the install link names', async () => {
    expect(await install('T1')).toBe(200);
    expect(await install('T2', 'other-coalition')).toBe(200);
    expect(fake.callsTo('oauth.v2.access').map((a) => a.code)).toEqual(['T1', 'T2']);
    const spaces = await h.db.chatSpace.findMany({
      where: { platform: 'SLACK' },
      include: { coalition: true },
      orderBy: { externalId: 'asc' },
    });
    expect(spaces.map((s) => [s.externalId, s.coalition.slug])).toEqual([
      ['T1', 'justice'],
      ['T2', 'other-coalition'],
    ]);
    for (const s of spaces) {
      expect(s.installation).toMatch(/^v1:/);
      expect(s.installation).not.toContain('secret');
    }
    expect(await h.db.auditEntry.count({ where: { action: 'slack.install' } })).toBe(2);
  });

  it('answers each workspace with its own token, and keeps their data apart', async () => {
    const shared = await slash('T1', 'UA', 'member', 'join "Ministry" type:government');
    expect(JSON.stringify(shared)).toContain('Request J1 sent');
    await slash(
      'T1',
      'UA',
      'learning',
      'share title:"Only in T1" summary:"This belongs to the first coalition." themes:sdg16',
    );
    const tokens = fake.calls.filter((c) => c.method === 'users.info').map((c) => [c.args.user, c.token]);
    expect(tokens).toEqual([['UA', 'xoxb-T1-secret']]);
    const other = await slash('T2', 'UB', 'learning', 'show L1');
    expect(JSON.stringify(other)).toContain('There is no learning L1 in this coalition');
    const list = await slash('T2', 'UB', 'learning', 'list');
    expect(JSON.stringify(list)).toContain('Nothing here yet.');
    expect(
      fake.calls.filter((c) => c.method === 'users.info' && c.args.user === 'UB').map((c) => c.token),
    ).toEqual(['xoxb-T2-secret']);
    const mine = await slash('T1', 'UA', 'learning', 'list');
    expect(JSON.stringify(mine)).toContain('Only in T1');
  });

  it('refuses an OAuth callback whose state was not issued here', async () => {
    const res = await fetch(`${base}/slack/oauth_redirect?code=T3&state=forged`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await h.db.chatSpace.count({ where: { externalId: 'T3' } })).toBe(0);
  });
});
