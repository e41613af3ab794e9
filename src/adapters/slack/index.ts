import type { SlackOptions } from './slack.adapter.ts';
import { registration } from '../registration.ts';

export default registration<SlackOptions>({
  name: 'SLACK',
  configure(env) {
    const oauth =
      env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET
        ? {
            clientId: env.SLACK_CLIENT_ID,
            clientSecret: env.SLACK_CLIENT_SECRET,
            stateSecret: env.SLACK_STATE_SECRET,
          }
        : undefined;
    if (!env.SLACK_SIGNING_SECRET || !(env.SLACK_BOT_TOKEN || oauth)) return null;
    return {
      signingSecret: env.SLACK_SIGNING_SECRET,
      botToken: env.SLACK_BOT_TOKEN,
      oauth,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
    };
  },
  async create(docket, log, options) {
    const { createSlackAdapter } = await import('./slack.adapter.ts');
    return createSlackAdapter(docket, log, options);
  },
});
