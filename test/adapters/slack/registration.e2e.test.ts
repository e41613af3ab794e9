// The real @slack/bolt against a fake Slack: pressing "Yes" on a meeting that asks registration
// questions opens a modal with them (the button's trigger), and submitting it registers the person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/slack.adapter.ts';
import { FakeSlack, postSigned, serveSlack } from '../../helpers/fake-slack.ts';
import { harness, type Harness } from '../../helpers/harness.ts';

const SECRET = 'registration-signing-secret';
type Json = Record<string, unknown>;
let h: Harness;
let fake: FakeSlack;
let slack: SlackAdapter;
let close: (() => void) | undefined;
let base = '';
let n = 0;

async function slash(user: string, command: string, text: string) {
  const id = `r${++n}`;
  await postSigned(`${base}/slack/events`, SECRET, {
    team_id: 'T1',
    channel_id: 'C1',
    user_id: user,
    user_name: user,
    command: `/${command}`,
    text,
    response_url: fake.responseUrl(id),
    trigger_id: `trigger-${id}`,
  });
  return fake.responses.find((r) => r.path === `/response/${id}`)?.body as Json | undefined;
}
const interact = (payload: Json) =>
  postSigned(`${base}/slack/events`, SECRET, { payload: JSON.stringify(payload) });

beforeAll(async () => {
  h = await harness('sqlite');
  fake = await new FakeSlack().start();
  slack = createSlackAdapter(h.docket, h.docket.log, {
    signingSecret: SECRET,
    botToken: 'xoxb-test',
    apiUrl: fake.apiUrl,
    processBeforeResponse: true,
    retryConfig: { retries: 0 },
  });
  h.docket.attach(slack);
  ({ base, close } = await serveSlack(slack, h.docket.log));
});
afterAll(async () => {
  close?.();
  await fake?.stop();
  await h?.close();
});

describe('Slack registration', () => {
  it('opens the registration questions in a modal from the Yes button, then registers on submit', async () => {
    await slash('UA', 'member', 'join "Ministry of Justice" type:government');
    await slash('UB', 'member', 'join Namati type:civil_society');
    // The secretariat approves both new organisations (the console secretariat, same coalition).
    for (const request of await h.db.joinRequest.findMany({ where: { status: 'PENDING' } }))
      expect((await h.run('sec', `/member approve J${request.number} standing:member`)).ok).toBe(true);
    await slash(
      'UA',
      'meeting',
      'schedule title:"Annual meeting" start:"2026-12-10 09:00" kind:in_person location:"OGP Summit" capacity:2 questions:dietary,arrival',
    );
    const card = await slash('UB', 'meeting', 'show M1');
    const yes = ((card?.blocks as Json[]).find((b) => b.type === 'actions')?.elements as Json[])[0]!;
    fake.calls = [];
    const before = await h.counts();
    await interact({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'UB', name: 'UB', team_id: 'T1' },
      channel: { id: 'C1' },
      container: { type: 'message', message_ts: '5.1', is_ephemeral: true },
      trigger_id: 'trigger-button',
      response_url: fake.responseUrl('button'),
      actions: [{ type: 'button', action_id: yes.action_id, value: yes.value, block_id: 'b' }],
    });
    const open = fake.callsTo('views.open')[0]!;
    expect(open.trigger_id).toBe('trigger-button');
    const view = open.view as Json;
    expect((view.blocks as Json[]).filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual([
      'dietary',
      'arrival',
    ]);
    expect(JSON.parse(view.private_metadata as string)).toMatchObject({
      command: 'meeting',
      sub: 'rsvp',
      hidden: { id: 'M1', answer: 'yes' },
    });
    expect(await h.counts()).toEqual(before); // nothing written until the form comes back

    const submit = await interact({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'UB', name: 'UB', team_id: 'T1' },
      view: {
        id: 'V1',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: {
            dietary: { value: { type: 'plain_text_input', value: 'Vegan' } },
            arrival: { value: { type: 'plain_text_input', value: '2026-12-09' } },
          },
        },
      },
    });
    expect(submit.status).toBe(200);
    const rsvp = await h.db.rsvp.findFirstOrThrow();
    expect(rsvp.answer).toBe('YES');
    expect(JSON.parse(rsvp.answers!)).toEqual({ dietary: 'Vegan', arrival: '2026-12-09' });
  });
});
