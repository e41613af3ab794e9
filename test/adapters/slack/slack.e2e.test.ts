// The real @slack/bolt app, signed requests as Slack sends them, a fake Slack Web API: every
// command, a modal round trip, buttons, the message shortcut, signatures and rate limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSlackAdapter,
  SAVE_AS_LEARNING,
  type SlackAdapter,
} from '../../../src/adapters/slack/slack.adapter.ts';
import { FakeSlack, postSigned, postSignedJson, serveSlack } from '../../helpers/fake-slack.ts';
import { harness, type Harness } from '../../helpers/harness.ts';

const SECRET = 'test-signing-secret';
let h: Harness;
let fake: FakeSlack;
let slack: SlackAdapter;
let close: (() => void) | undefined;
let base = '';
let n = 0;

type Json = Record<string, unknown>;
const header = (body: Json | undefined) =>
  ((body?.blocks as Json[] | undefined)?.find((b) => b.type === 'header')?.text as Json | undefined)?.text;

async function slash(user: string, command: string, text: string) {
  const id = `r${++n}`;
  const res = await postSigned(`${base}/slack/events`, SECRET, {
    token: 'legacy',
    team_id: 'T1',
    channel_id: 'C1',
    user_id: user,
    user_name: user,
    command: `/${command}`,
    text,
    response_url: fake.responseUrl(id),
    trigger_id: `trigger-${id}`,
  });
  return { status: res.status, reply: fake.responses.find((r) => r.path === `/response/${id}`)?.body };
}

async function interact(payload: Json) {
  return postSigned(`${base}/slack/events`, SECRET, { payload: JSON.stringify(payload) });
}

beforeAll(async () => {
  h = await harness('sqlite', { admins: ['slack:USEC'] });
  fake = await new FakeSlack().start();
  fake.users.set('UFR', {
    id: 'UFR',
    name: 'claire',
    real_name: 'Claire Dubois',
    locale: 'fr-FR',
    tz: 'Europe/Paris',
  });
  slack = createSlackAdapter(h.docket, h.docket.log, {
    signingSecret: SECRET,
    botToken: 'xoxb-test',
    apiUrl: fake.apiUrl,
    processBeforeResponse: true,
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 },
  });
  h.docket.attach(slack);
  ({ base, close } = await serveSlack(slack, h.docket.log));
});
afterAll(async () => {
  close?.();
  await fake?.stop();
  await h?.close();
});
beforeEach(() => {
  fake.calls = [];
});

describe('Slack slash commands', () => {
  it('runs every command end to end and answers through response_url', async () => {
    await h.run('sec', '/coalition settings'); // nothing to do with Slack: the console secretariat exists too
    // The Slack secretariat speaks once; then a join request reaches it as a card with buttons.
    expect(header((await slash('USEC', 'member', 'review')).reply)).toBe('Join requests waiting for you');
    const asked = await slash('UA', 'member', 'join "Ministry of Justice" type:government country:KE');
    expect(header(asked.reply)).toBe('Request J1 sent');
    await h.docket.courier.idle();
    const card = fake.callsTo('chat.postMessage').find((a) => a.channel === 'DUSEC');
    expect(header(card)).toBe('J1 · UA → Ministry of Justice');
    const approve = ((card?.blocks as Json[]).find((b) => b.type === 'actions')?.elements as Json[])[0]!;
    expect((approve.text as Json).text).toBe('Approve as member');
    const pressed = await interact({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'USEC', name: 'sec', team_id: 'T1' },
      channel: { id: 'DUSEC' },
      container: { type: 'message', message_ts: '42.1', is_ephemeral: false },
      message: { ts: '42.1', text: '' },
      trigger_id: 't',
      response_url: fake.responseUrl('approve'),
      actions: [{ type: 'button', action_id: approve.action_id, value: approve.value, block_id: 'b' }],
    });
    expect(pressed.status).toBe(200);
    // The card in the secretariat's DMs becomes the settled request, without buttons.
    const settled = fake.callsTo('chat.update').find((a) => a.channel === 'DUSEC');
    expect(JSON.stringify(settled?.blocks)).toContain('approved');
    expect((settled?.blocks as Json[]).some((b) => b.type === 'actions')).toBe(false);
    await h.docket.courier.idle();
    expect(header(fake.callsTo('chat.postMessage').find((a) => a.channel === 'DUA'))).toBe(
      'J1 · UA → Ministry of Justice',
    );
    const script: [string, string, string, string][] = [
      ['UA', 'member', 'profile name:"Amina K."', 'Amina K.'],
      [
        'UA',
        'learning',
        'share title:"Court data" summary:"Case-level data halves reporting time." themes:justice_data',
        'L1 · Court data',
      ],
      ['UA', 'learning', 'search court', 'Learnings matching “court”'],
      ['UA', 'learning', 'list', 'Latest learnings'],
      ['UA', 'learning', 'show L1', 'L1 · Court data'],
      [
        'UA',
        'commitment',
        'log title:"Open hearings" member:Kenya plan:2024-2028 description:"Hearing lists of all courts online." themes:open_justice_institutions',
        'C1 · Open hearings',
      ],
      ['UA', 'commitment', 'update C1 limited "Pilot in Nairobi courts."', 'C1 · Open hearings'],
      ['UA', 'commitment', 'list', 'Justice commitments'],
      ['UA', 'commitment', 'show C1', 'C1 · Open hearings'],
      [
        'UA',
        'meeting',
        'schedule title:"Working group" start:"2027-01-12 15:00" timezone:Africa/Nairobi link:https://meet.example.org/wg',
        'M1 · Working group',
      ],
      ['UA', 'meeting', 'rsvp M1 yes', 'M1 · Working group'],
      ['UA', 'meeting', 'list', 'Upcoming meetings'],
      ['UA', 'meeting', 'show M1', 'M1 · Working group'],
      ['UA', 'member', 'list', 'Coalition members'],
      ['UA', 'member', 'link', 'Link your accounts'],
      ['UA', 'coalition', 'help', 'OGP Justice Coalition: what Docket can do'],
      ['USEC', 'coalition', 'settings learnings_channel:CLEARN', 'OGP Justice Coalition: settings'],
      ['UA', 'meeting', 'cancel M1', 'M1 · Working group'],
      ['UA', 'member', 'forget', 'Erase personal data'],
    ];
    for (const [user, command, text, title] of script) {
      const { status, reply } = await slash(user, command, text);
      expect(status, `/${command} ${text}`).toBe(200);
      expect(header(reply), `/${command} ${text}`).toBe(title);
    }
    expect(await h.db.learning.count()).toBe(1);
    expect(await h.db.commitmentUpdate.count()).toBe(1);
    expect((await h.db.meeting.findFirstOrThrow()).cancelledAt).not.toBeNull();
  });

  it('posts public replies in the channel, private ones to the person only', async () => {
    const pub = await slash(
      'UA',
      'meeting',
      'schedule title:"Second call" start:"2027-02-01 10:00" link:https://meet.example.org/2',
    );
    expect(pub.reply?.response_type).toBe('in_channel');
    const priv = await slash('UA', 'learning', 'list');
    expect(priv.reply?.response_type).toBe('ephemeral');
  });

  it('shares a learning to the coalition’s learnings channel as a card', async () => {
    await slash(
      'UA',
      'learning',
      'share title:"Paralegals" summary:"Community paralegals resolve land disputes." themes:legal_empowerment',
    );
    await h.docket.courier.idle();
    const post = fake.callsTo('chat.postMessage').find((a) => a.channel === 'CLEARN');
    expect(header(post)).toBe('L2 · Paralegals');
  });

  it('answers in the language and zone Slack reports for the person', async () => {
    await slash('UFR', 'member', 'join "Avocats Sans Frontières" type:civil_society');
    await slash('USEC', 'member', 'approve J2 standing:member');
    const { reply } = await slash('UFR', 'meeting', 'show M2');
    expect(JSON.stringify(reply)).toContain('Quand');
    expect(JSON.stringify(reply)).toContain('<!date^1801472400^{date_short_pretty} {time}|');
    expect(fake.callsTo('users.info')).toMatchObject([{ user: 'UFR', include_locale: 'true' }]);
    await slash('UFR', 'learning', 'list');
    expect(fake.callsTo('users.info')).toHaveLength(1); // cached
  });

  it('refuses a bad signature and a stale timestamp with 401, running nothing', async () => {
    const before = await h.counts();
    const fields = {
      team_id: 'T1',
      channel_id: 'C1',
      user_id: 'UA',
      user_name: 'a',
      command: '/learning',
      text: 'share title:"Forged" summary:"Forged summary text." themes:sdg16',
      response_url: fake.responseUrl('x'),
    };
    const forged = await postSigned(`${base}/slack/events`, 'wrong-secret', fields);
    expect(forged.status).toBe(401);
    const stale = await postSigned(`${base}/slack/events`, SECRET, fields, {
      ts: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    expect(await h.counts()).toEqual(before);
    expect(fake.calls).toEqual([]);
  });
});

describe('Slack modals', () => {
  it('opens a form built from the schema when required inputs are missing, pre-filled with what was typed', async () => {
    await slash('UA', 'learning', 'share title:"Half typed"');
    const view = fake.callsTo('views.open')[0]?.view as Json;
    expect(view.callback_id).toBe('docket_form');
    const blocks = view.blocks as Json[];
    expect(blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual([
      'title',
      'summary',
      'themes',
      'url',
      'country',
      'language',
    ]);
    expect((blocks.find((b) => b.block_id === 'title')?.element as Json).initial_value).toBe('Half typed');
    expect((blocks.find((b) => b.block_id === 'summary')?.element as Json).multiline).toBe(true);
    expect((blocks.find((b) => b.block_id === 'themes')?.element as Json).type).toBe('multi_static_select');
  });

  it('shows validation errors next to the fields and writes nothing, then saves a corrected form', async () => {
    const before = await h.counts();
    const state = (summary: string, url: string) => ({
      values: {
        title: { value: { type: 'plain_text_input', value: 'From a modal' } },
        summary: { value: { type: 'plain_text_input', value: summary } },
        themes: {
          value: {
            type: 'multi_static_select',
            selected_options: [{ value: 'TECHNOLOGY' }, { value: 'SDG16' }],
          },
        },
        url: { value: { type: 'url_text_input', value: url } },
      },
    });
    const submit = (s: Json) =>
      interact({
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: 'UA', name: 'a', team_id: 'T1' },
        view: {
          id: 'V1',
          callback_id: 'docket_form',
          private_metadata: JSON.stringify({ command: 'learning', sub: 'share', channelId: 'C1' }),
          state: s,
        },
      });
    const bad = await submit(state('short', 'notaurl'));
    expect(bad.status).toBe(200);
    expect(bad.json()).toEqual({
      response_action: 'errors',
      errors: {
        summary: 'too short: at least 10 characters',
        url: 'must be a web address starting with https://',
      },
    });
    expect(await h.counts()).toEqual(before);
    const good = await submit(state('A summary long enough to pass.', 'https://example.org/x'));
    expect(good.status).toBe(200);
    expect(good.text).toBe('');
    const saved = await h.db.learning.findFirstOrThrow({
      where: { title: 'From a modal' },
      include: { themes: true },
    });
    expect(saved.themes.map((t) => t.theme).sort()).toEqual(['SDG16', 'TECHNOLOGY']);
    expect(fake.callsTo('chat.postEphemeral')[0]).toMatchObject({ channel: 'C1', user: 'UA' });
  });

  it('turns a message into a learning with the “Save as learning” shortcut', async () => {
    await interact({
      type: 'message_action',
      callback_id: SAVE_AS_LEARNING,
      trigger_id: 't-short',
      team: { id: 'T1' },
      user: { id: 'UA', name: 'a' },
      channel: { id: 'C9' },
      message: {
        type: 'message',
        text: 'Mobile courts in Sierra Leone\nThey cut travel for rural litigants. <https://example.org/mobile|report>',
        ts: '1.1',
      },
      message_ts: '1.1',
      response_url: fake.responseUrl('short'),
    });
    const view = fake.callsTo('views.open')[0]?.view as Json;
    const initial = Object.fromEntries(
      (view.blocks as Json[])
        .filter((b) => b.type === 'input')
        .map((b) => [b.block_id, (b.element as Json).initial_value]),
    );
    expect(initial.title).toBe('Mobile courts in Sierra Leone');
    expect(initial.summary).toContain('They cut travel for rural litigants.');
    expect(initial.url).toBe('https://example.org/mobile');
  });
});

describe('Slack buttons', () => {
  it('updates the shared meeting message with live RSVP counts', async () => {
    const { reply } = await slash('UA', 'meeting', 'show M2');
    const actions = (reply?.blocks as Json[]).find((b) => b.type === 'actions')?.elements as Json[];
    const yes = actions[0]!;
    await interact({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'UFR', name: 'claire', team_id: 'T1' },
      channel: { id: 'C1' },
      container: { type: 'message', message_ts: '99.1', is_ephemeral: false },
      message: { ts: '99.1', text: '' },
      trigger_id: 't',
      response_url: fake.responseUrl('btn1'),
      actions: [{ type: 'button', action_id: yes.action_id, value: yes.value, block_id: 'b' }],
    });
    const update = fake.callsTo('chat.update')[0];
    expect(update).toMatchObject({ channel: 'C1', ts: '99.1' });
    const labels = ((update?.blocks as Json[]).find((b) => b.type === 'actions')?.elements as Json[]).map(
      (e) => (e.text as Json).text,
    );
    expect(labels.slice(0, 3)).toEqual(['Oui (1)', 'Peut-être (0)', 'Non (0)']);
  });

  it('counts a useful vote from a button and answers a stale button with a short note', async () => {
    const useful = {
      type: 'button',
      action_id: 'docket:0',
      value: JSON.stringify({ c: 'learning', s: 'useful', i: { id: 'L1' }, r: 1 }),
      block_id: 'b',
    };
    const press = (action: Json, id: string) =>
      interact({
        type: 'block_actions',
        team: { id: 'T1' },
        user: { id: 'UA', name: 'a', team_id: 'T1' },
        channel: { id: 'C1' },
        container: { type: 'message', message_ts: '5.5', is_ephemeral: true },
        message: { ts: '5.5', text: '' },
        trigger_id: 't',
        response_url: fake.responseUrl(id),
        actions: [action],
      });
    await press(useful, 'u1');
    expect((await h.db.learning.findFirstOrThrow({ where: { number: 1 } })).usefulCount).toBe(1);
    expect(fake.responses.find((r) => r.path === '/response/u1')?.body).toMatchObject({
      replace_original: true,
    });
    await press({ ...useful, value: '{"c":"gone"' }, 'u2');
    expect(fake.responses.find((r) => r.path === '/response/u2')?.body).toMatchObject({
      text: 'This button is out of date. Run the command again.',
    });
  });

  it('sends a calendar file to the person’s direct messages', async () => {
    const ics = {
      type: 'button',
      action_id: 'docket:3',
      value: JSON.stringify({ c: 'meeting', s: 'ics', i: { id: 'M2' } }),
      block_id: 'b',
    };
    await interact({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'UA', name: 'a', team_id: 'T1' },
      channel: { id: 'C1' },
      container: { type: 'message', message_ts: '6.6', is_ephemeral: false },
      message: { ts: '6.6', text: '' },
      trigger_id: 't',
      response_url: fake.responseUrl('ics'),
      actions: [ics],
    });
    expect(fake.callsTo('conversations.open')[0]).toMatchObject({ users: 'UA' });
    expect(fake.uploads.at(-1)?.content).toContain('BEGIN:VCALENDAR');
    expect(fake.callsTo('files.completeUploadExternal')[0]).toMatchObject({ channel_id: 'DUA' });
  });
});

describe('Slack rate limits', () => {
  it('waits out a 429 (Retry-After) and then delivers', async () => {
    fake.failures.set('chat.postMessage', [{ status: 429, retryAfter: 1 }]);
    const started = Date.now();
    await slash(
      'UA',
      'learning',
      'share title:"Rate limited" summary:"Shared while Slack was busy." themes:technology',
    );
    await h.docket.courier.idle();
    const posts = fake.callsTo('chat.postMessage').filter((a) => a.channel === 'CLEARN');
    expect(posts).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});

describe('Slack exchanges', () => {
  it('counts channel messages once, even when Slack retries, and ignores bots and edits, never storing text', async () => {
    const before = await h.db.exchangeEvent.count();
    const event = (id: string, e: Json) => ({
      token: 'x',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: id,
      event_time: 1700000000,
      event: { type: 'message', channel: 'C1', channel_type: 'channel', ts: '1795800000.000100', ...e },
    });
    const post = (payload: Json, headers: Record<string, string> = {}) =>
      postSignedJson(`${base}/slack/events`, SECRET, payload, headers);
    expect((await post(event('Ev1', { user: 'UFR', text: 'confidential words' }))).status).toBe(200);
    expect(
      (
        await post(event('Ev1', { user: 'UFR', text: 'confidential words' }), {
          'x-slack-retry-num': '1',
          'x-slack-retry-reason': 'http_timeout',
        })
      ).status,
    ).toBe(200);
    await post(
      event('Ev2', {
        user: 'UA',
        text: 'in a thread',
        ts: '1795800100.000200',
        thread_ts: '1795800000.000100',
      }),
    );
    await post(event('Ev3', { bot_id: 'B1', text: 'a bot' }));
    await post(event('Ev4', { subtype: 'message_changed', message: { text: 'edited' } }));
    const rows = await h.db.exchangeEvent.findMany({
      where: { id: { gt: 0 } },
      orderBy: { id: 'asc' },
      skip: before,
    });
    expect(rows.map((r) => [r.eventId, r.channelId, r.orgType, r.threaded])).toEqual([
      ['Ev1', 'C1', 'CIVIL_SOCIETY', false],
      ['Ev2', 'C1', 'GOVERNMENT', true],
    ]);
    expect(JSON.stringify(rows)).not.toContain('confidential');
  });
});
