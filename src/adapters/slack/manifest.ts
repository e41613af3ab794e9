// The Slack app manifest, derived from commands/: paste it at api.slack.com/apps → "From a manifest".
import { actionKey, descriptionKey, type CommandDefinition } from '../../core/command.ts';
import { describe } from '../../core/fields.ts';
import { translator } from '../../core/i18n/index.ts';
import { BOT_SCOPES, SAVE_AS_LEARNING } from './slack.adapter.ts';

export function slackManifest(
  commands: readonly CommandDefinition[],
  baseUrl: string,
): Record<string, unknown> {
  const t = translator('en');
  const url = `${baseUrl.replace(/\/+$/, '')}/slack/events`;
  const action = commands.find((c) => c.messageAction);
  return {
    display_information: {
      name: 'Docket',
      description: 'OGP Justice Coalition: learnings, commitments, meetings',
      long_description:
        'Docket is the chat-ops bot of the Open Government Partnership Justice Coalition. Members share policy learnings and resources, ' +
        'log their OGP justice commitments and progress, and RSVP to meetings; the secretariat gets weekly digests and annual-report data.',
      background_color: '#1d3c5a',
    },
    features: {
      bot_user: { display_name: 'Docket', always_online: true },
      slash_commands: commands.map((c) => ({
        command: `/${c.name}`,
        url,
        description: t(descriptionKey(c.name)).slice(0, 100),
        usage_hint: Object.entries(c.subcommands)
          .filter(([, s]) => !s.hidden)
          .map(([name, s]) => `${name}${describe(s.input).some((f) => f.required) ? ' …' : ''}`)
          .join(' | ')
          .slice(0, 100),
        should_escape: false,
      })),
      ...(action?.messageAction
        ? {
            shortcuts: [
              {
                name: t(actionKey(action.name, action.messageAction.sub)),
                type: 'message',
                callback_id: SAVE_AS_LEARNING,
                description: t(descriptionKey(action.name, action.messageAction.sub)),
              },
            ],
          }
        : {}),
    },
    oauth_config: {
      redirect_urls: [`${baseUrl.replace(/\/+$/, '')}/slack/oauth_redirect`],
      // History scopes only deliver message events, which are counted (channel, day, organisation
      // type, thread or not) and never stored as text.
      scopes: { bot: BOT_SCOPES },
    },
    settings: {
      event_subscriptions: { request_url: url, bot_events: ['message.channels', 'message.groups'] },
      interactivity: { is_enabled: true, request_url: url },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
