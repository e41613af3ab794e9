// Slack's routes as a raw mount: Bolt verifies its signature over the raw body, so the framework
// must not read it, and the acknowledgement path gets no framework work at all.
import type { RawHandler, RawMount } from '../../http/http-types.ts';

/** Bolt's OAuth pages carry an inline <style>; nothing else loads. */
export const SLACK_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

export function slackMount(handle: RawHandler, o: { oauth?: boolean } = {}): RawMount {
  return {
    prefix: '/slack/',
    handle,
    csp: SLACK_PAGE_CSP,
    docs: [
      {
        method: 'post',
        path: '/slack/events',
        summary: 'Slack: slash commands, interactivity and events (signed by Slack)',
        description: 'Verified with SLACK_SIGNING_SECRET over the raw body; answered by Bolt.',
      },
      ...(o.oauth
        ? [
            { method: 'get' as const, path: '/slack/install', summary: 'Slack: start an OAuth install' },
            {
              method: 'get' as const,
              path: '/slack/oauth_redirect',
              summary: 'Slack: OAuth callback (state checked)',
            },
          ]
        : []),
    ],
  };
}
