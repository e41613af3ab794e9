// Calendar feeds: GET /calendar/{coalition}.ics (only while the coalition publishes; no join links,
// no attendees) and GET /calendar/p/{token}.ics (a person's own meetings and answers). Both answer
// conditional requests (ETag, Last-Modified) so polling clients cost little.
import { createRoute, z } from '@hono/zod-openapi';
import { etagOf, conditional } from './caching.ts';
import { feedCalendar, FEED_REFRESH_MINUTES } from '../core/feeds.ts';
import type { Logger } from '../core/log.ts';
import type { Services } from '../services/index.ts';
import { errorResponses, problem } from './errors.ts';
import type { RouteModule } from './http-types.ts';

const ICS = 'text/calendar; charset=utf-8';

const calendarBody = {
  description: 'An iCalendar feed (RFC 5545, RFC 7986 names)',
  content: { 'text/calendar': { schema: z.string() } },
};

export function calendarRoutes(o: { services: Services; log: Logger }): RouteModule {
  const { services } = o;
  return (app) => {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/calendar/{file}',
        summary: 'The coalition’s public calendar feed (only while it publishes)',
        description:
          'Every meeting and series of the coalition, without join links or attendees. 404 while the coalition does not publish (/coalition settings publish:on).',
        tags: ['calendar'],
        request: {
          params: z.object({
            file: z
              .string()
              .regex(/^[a-z0-9-]{2,40}\.ics$/, 'The feed is the coalition’s slug followed by .ics.')
              .openapi({ description: 'The coalition’s slug followed by .ics', example: 'justice.ics' }),
          }),
        },
        responses: {
          200: calendarBody,
          304: { description: 'Not modified since the copy the client has' },
          ...errorResponses(400, 404),
        },
      }),
      async (c) => {
        const slug = c.req.valid('param').file.replace(/\.ics$/, '');
        const feed = await services.calendars.coalitionFeed(slug);
        if (!feed) return problem(c, 404, 'not_found', 'No published calendar here.');
        const body = feedCalendar(feed, 'coalition');
        const fresh = conditional(c, {
          etag: etagOf(body),
          lastModified: feed.lastModified,
          cacheControl: `public, max-age=${FEED_REFRESH_MINUTES * 60}`,
        });
        if (fresh) return fresh;
        return c.body(body, 200, {
          'content-type': ICS,
          'content-disposition': `inline; filename="${slug}.ics"`,
        });
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: '/calendar/p/{file}',
        summary: 'A person’s own calendar feed',
        description:
          'The meetings a person organises or answered yes or maybe, with their answers and join links. The token comes from /meeting calendar, which can also reset it.',
        tags: ['calendar'],
        request: {
          params: z.object({
            file: z
              .string()
              .regex(/^[\w-]{16,64}\.ics$/, 'The feed is the token from /meeting calendar followed by .ics.')
              .openapi({
                description: 'The token from /meeting calendar, then .ics',
                example: 'your-token-from-chat.ics',
              }),
          }),
        },
        responses: {
          200: calendarBody,
          304: { description: 'Not modified since the copy the client has' },
          ...errorResponses(400, 404),
        },
      }),
      async (c) => {
        const feed = await services.calendars.personalFeed(c.req.valid('param').file.replace(/\.ics$/, ''));
        if (!feed) return problem(c, 404, 'not_found', 'No calendar here (the address may have been reset).');
        const body = feedCalendar(feed, 'personal');
        const fresh = conditional(c, {
          etag: etagOf(body),
          lastModified: feed.lastModified,
          cacheControl: `private, max-age=${FEED_REFRESH_MINUTES * 60}`,
        });
        if (fresh) return fresh;
        return c.body(body, 200, {
          'content-type': ICS,
          'content-disposition': 'inline; filename="docket.ics"',
        });
      },
    );
  };
}
