// One coalition, two Slack workspaces installed through OAuth: every message the bot sends on its
// own (a cancellation notice, a reminder, a nudge) reaches each person through their own
// workspace, with that workspace's token. On SQLite and PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/slack.adapter.ts';
import { planNudges } from '../../../src/jobs/nudges.job.ts';
import { planReminders } from '../../../src/jobs/reminders.job.ts';
import { encryptionKey } from '../../../src/services/index.ts';
import { available, PROVIDERS, type Provider } from '../../helpers/databases.ts';
import { FakeSlack, postSigned, serveSlack } from '../../helpers/fake-slack.ts';
import { harness, type Harness } from '../../helpers/harness.ts';

const SECRET = 'workspaces-signing-secret';

interface World {
  h: Harness;
  fake: FakeSlack;
  slack: SlackAdapter;
  base: string;
  close: () => void;
}

async function world(provider: Provider): Promise<World> {
  const h = await harness(provider, {
    admins: ['slack:USEC1', 'slack:USEC2'],
    encryptionKey: encryptionKey('workspaces-encryption-secret'),
  });
  const fake = await new FakeSlack().start();
  const slack = createSlackAdapter(h.docket, h.docket.log, {
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    processBeforeResponse: true,
    retryConfig: { retries: 0 },
    oauth: { clientId: 'client-1', clientSecret: 'client-secret', stateSecret: 'state-secret' },
    authorizationUrl: 'https://slack.example/oauth/v2/authorize',
  });
  h.attach(slack);
  const { base, close } = await serveSlack(slack, h.docket.log);
  // Both workspaces install the app; neither names a coalition, so both join the default one.
  for (const team of ['T1', 'T2']) {
    const start = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    const back = await fetch(`${base}/slack/oauth_redirect?code=${team}&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
    });
    expect(back.status).toBe(200);
  }
  return { h, fake, slack, base, close };
}

let n = 0;
async function slash(w: World, team: string, user: string, line: string) {
  const id = `w${++n}`;
  const [command = '', ...rest] = line.replace(/^\//, '').split(' ');
  await postSigned(`${w.base}/slack/events`, SECRET, {
    team_id: team,
    channel_id: `C-${team}`,
    user_id: user,
    user_name: user,
    command: `/${command}`,
    text: rest.join(' '),
    response_url: w.fake.responseUrl(id),
    trigger_id: 't',
  });
  return w.fake.responses.find((r) => r.path === `/response/${id}`)?.body;
}

/** Direct messages the fake received for `user`, with the token each was sent with. */
const dmsTo = (w: World, user: string) =>
  w.fake.calls
    .filter((c) => c.method === 'chat.postMessage' && c.args.channel === `D${user}`)
    .map((c) => ({ token: c.token, text: String(c.args.text) }));

describe.each(PROVIDERS)('two Slack workspaces in one coalition, on %s', (provider) => {
  let w: World | undefined;
  afterEach(async () => {
    w?.close();
    await w?.fake.stop();
    await w?.h.close();
    w = undefined;
  });

  it.skipIf(!available(provider))(
    'tells attendees from both workspaces of a cancellation, each through their own workspace',
    async () => {
      w = await world(provider);
      await slash(w, 'T1', 'UA', '/member join organization:"Ministry of Justice" type:government');
      await slash(w, 'T2', 'UB', '/member join organization:"Namati" type:civil_society');
      await slash(
        w,
        'T1',
        'USEC1',
        '/meeting schedule title:"Joint call" start:"2026-12-10 15:00" link:https://meet.example.org/j',
      );
      await slash(w, 'T1', 'UA', '/meeting rsvp M1 yes');
      await slash(w, 'T2', 'UB', '/meeting rsvp M1 maybe');
      await slash(w, 'T1', 'USEC1', '/meeting cancel M1');
      await w.h.docket.courier.idle();
      expect(dmsTo(w, 'UA')).toEqual([
        { token: 'xoxb-T1-secret', text: expect.stringContaining('Joint call (M1) is cancelled.') },
      ]);
      expect(dmsTo(w, 'UB')).toEqual([
        { token: 'xoxb-T2-secret', text: expect.stringContaining('Joint call (M1) is cancelled.') },
      ]);
      // Each DM channel was opened in the person's own workspace.
      expect(
        w.fake.calls
          .filter((c) => c.method === 'conversations.open')
          .map((c) => [c.args.users, c.token])
          .sort(),
      ).toEqual([
        ['UA', 'xoxb-T1-secret'],
        ['UB', 'xoxb-T2-secret'],
      ]);
      expect(await w.h.services.outbox.counts()).toEqual({ SENT: 2 });
    },
  );

  it.skipIf(!available(provider))('reminds people in the second workspace through its token', async () => {
    w = await world(provider);
    await slash(w, 'T2', 'UB', '/member join organization:"Namati" type:civil_society');
    // 12:00 UTC now; 10:00 Paris on 30 November is 09:00 UTC.
    await slash(
      w,
      'T1',
      'USEC1',
      '/meeting schedule title:"Weekly" start:"2026-11-30 10:00" link:https://meet.example.org/w',
    );
    await slash(w, 'T2', 'UB', '/meeting rsvp M1 yes');
    w.h.clock.current = new Date('2026-11-29T09:00:00Z');
    await planReminders(w.h.jobs());
    await w.h.docket.courier.deliver();
    expect(dmsTo(w, 'UB')).toEqual([
      { token: 'xoxb-T2-secret', text: expect.stringContaining('Reminder: M1 · Weekly') },
    ]);
  });

  it.skipIf(!available(provider))(
    'nudges the owner of a silent commitment in the second workspace',
    async () => {
      w = await world(provider);
      await slash(w, 'T2', 'USEC2', '/member join organization:"Secretariat" type:multilateral');
      await slash(
        w,
        'T2',
        'USEC2',
        '/commitment log title:"Open court data" member:Kenya plan:2024-2028 description:"Court data published online." themes:justice_data',
      );
      w.h.clock.advance(91 * 86_400_000);
      expect(await planNudges(w.h.jobs())).toBe(1);
      await w.h.docket.courier.deliver();
      expect(dmsTo(w, 'USEC2')).toEqual([{ token: 'xoxb-T2-secret', text: expect.stringContaining('C1') }]);
    },
  );
});
