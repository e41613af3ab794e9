// The secretariat's HTTP API: GET /api/digests/{YYYY-Www} and GET /api/reports/{year}, behind a
// bearer token, format from ?format= or Accept (json, csv, md), bodies streamed.
import { LOCALES, translator, type Locale } from '../core/i18n/index.ts';
import { localeOfHint } from '../core/locales.ts';
import { reportYears } from '../core/rules.ts';
import { DEFAULT_COALITION } from '../services/index.ts';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import {
  digestCsv,
  digestMarkdown,
  reportCsv,
  reportJson,
  reportMarkdown,
  type ReportFormat,
} from '../core/report-format.ts';
import type { Logger } from '../core/log.ts';
import { isoWeek, parseIsoWeek, type Services } from '../services/index.ts';
import { requireBearer, type BearerAuth } from './bearer.middleware.ts';
import { slices, streamOf } from './bodies.ts';
import { errorResponses, problem } from './errors.ts';
import type { HttpEnv, RouteModule } from './http-types.ts';

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

/** Coalition slugs as the Slack install link accepts them. */
const SLUG = /^[a-z0-9-]{2,40}$/;

const Query = z.object({
  format: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.toLowerCase() : v),
      z.enum(['json', 'csv', 'md'], { error: 'format must be json, csv or md.' }),
    )
    .optional()
    .openapi({ description: 'Wins over Accept (text/csv, text/markdown); JSON by default.' }),
  coalition: z
    .string()
    .regex(SLUG, 'coalition must be a slug such as justice.')
    .optional()
    .openapi({ description: 'Another coalition than the default one.', example: 'justice' }),
  lang: z
    .enum(LOCALES, { error: 'lang must be en, fr or es.' })
    .optional()
    .openapi({ description: 'Language of the Markdown (else Accept-Language, else English).' }),
});

/** The Markdown's language: ?lang=, else the first of ours in Accept-Language, else English. */
const languageOf = (lang: Locale | undefined, accept: string | undefined): Locale =>
  lang ??
  (accept ?? '')
    .split(',')
    .map((part) => localeOfHint(part.split(';')[0]?.trim()))
    .find((l): l is Locale => l !== null) ??
  'en';

const Week = z.object({
  week: z
    .string()
    .regex(/^\d{4}-[Ww](0[1-9]|[1-4]\d|5[0-3])$/, 'The week must look like 2026-W48.')
    .openapi({ description: 'ISO week, in the coalition’s time zone', example: '2026-W48' }),
});

const Year = z.object({
  year: z
    .string()
    .regex(/^2\d{3}$/, 'The year must be four digits, such as 2026.')
    .openapi({ example: '2026' }),
});

const text = z.string();
const counts = z.record(z.string(), z.number());

// Documentation of the stable shapes (DESIGN.md); the JSON carries more beneath them.
const Report = z
  .looseObject({
    schemaVersion: z.number(),
    year: z.number(),
    members: z.looseObject({ total: z.number(), byType: counts }),
    commitments: z.looseObject({ total: z.number(), byCompletion: counts }),
    learnings: z.looseObject({ total: z.number(), byTheme: counts }),
    meetings: z.looseObject({ total: z.number(), rsvps: counts }),
    exchanges: z.looseObject({ total: z.number(), byMonth: counts }),
  })
  .openapi('AnnualReport');

const Digest = z
  .looseObject({ week: z.string().openapi({ example: '2026-W48' }), figures: counts })
  .openapi('WeeklyDigest');

const bodies = (json: z.ZodType, what: string) => ({
  description: `${what}: JSON, CSV (one table per section) or Markdown`,
  content: {
    'application/json': { schema: json },
    'text/csv': { schema: text },
    'text/markdown': { schema: text },
  },
});

function formatOf(c: Context, asked: ReportFormat | undefined): ReportFormat {
  if (asked) return asked;
  const accept = c.req.header('accept') ?? '';
  if (accept.includes('text/csv')) return 'csv';
  if (accept.includes('text/markdown')) return 'md';
  return 'json';
}

/** Writes the body in 64 KiB pieces: a large CSV is not handed to the socket as one buffer. */
function send(c: Context, format: ReportFormat, body: string, filename: string) {
  return c.body(streamOf(slices(body)), 200, {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `inline; filename="${filename}"`,
  });
}

export interface ApiOptions {
  services: Services;
  log: Logger;
  /** Checks bearer tokens; absent: the API is off and answers 404 (its routes stay documented). */
  auth?: BearerAuth;
  /** With `auth`: whether the API is on right now (no bootstrap token: once a person made one). */
  active?: () => Promise<boolean>;
  defaultCoalition?: string;
}

export function apiRoutes(o: ApiOptions): RouteModule {
  const { services, log } = o;
  const defaultCoalition = o.defaultCoalition ?? DEFAULT_COALITION.slug;
  return (app, http) => {
    app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'DOCKET_API_TOKEN, or a per-person token from /coalition token create',
    });
    const off = (c: Context<HttpEnv>) =>
      problem(
        c,
        404,
        'api_disabled',
        'The secretariat API is off: set DOCKET_API_TOKEN, or create a token with /coalition token create.',
      );
    const bearer = o.auth ? requireBearer({ auth: o.auth, limiter: http.limiter, log, hint: 'token' }) : null;
    const guard: MiddlewareHandler<HttpEnv> = async (c, next) => {
      if (!bearer || (o.active && !(await o.active()))) return off(c);
      return bearer(c, next);
    };
    const secured = {
      middleware: [guard],
      security: [{ bearer: [] }],
      tags: ['secretariat'],
    };
    const errors = errorResponses(400, 401, 403, 404, 429);

    /** The coalition asked for; a token tied to one coalition reaches only that one. */
    async function coalitionOf(c: Context<HttpEnv>, asked: string | undefined) {
      const bound = c.get('principal')?.coalitionSlug;
      const slug = asked ?? bound ?? defaultCoalition;
      if (bound && slug !== bound)
        return problem(c, 403, 'wrong_coalition', 'That token is for another coalition.');
      return (
        (await services.coalition.bySlug(slug)) ??
        problem(c, 404, 'unknown_coalition', 'No coalition has that slug.')
      );
    }

    app.openapi(
      createRoute({
        method: 'get',
        path: '/api/digests/{week}',
        summary: 'A weekly digest',
        ...secured,
        request: { params: Week, query: Query },
        responses: { 200: bodies(Digest, 'The digest'), ...errors },
      }),
      async (c) => {
        const { week } = c.req.valid('param');
        const query = c.req.valid('query');
        const coalition = await coalitionOf(c, query.coalition);
        if (coalition instanceof Response) return coalition;
        const range = parseIsoWeek(week.toUpperCase(), coalition.timezone);
        if (!range) return problem(c, 400, 'bad_week', 'That year has no such week.');
        if (range.start > isoWeek(services.clock.now(), coalition.timezone).start)
          return problem(c, 404, 'empty_period', 'That week has not begun.');
        const format = formatOf(c, query.format);
        const d = await services.digests.details(coalition.id, range, coalition.timezone, 1000);
        const body =
          format === 'json'
            ? JSON.stringify(d, null, 2)
            : format === 'csv'
              ? digestCsv(d)
              : digestMarkdown(
                  d,
                  translator(languageOf(query.lang, c.req.header('accept-language'))),
                  coalition.timezone,
                );
        return send(c, format, body, `docket-digest-${range.label}.${format}`);
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: '/api/reports/{year}',
        summary: 'The annual report data',
        ...secured,
        request: { params: Year, query: Query },
        responses: { 200: bodies(Report, 'The year’s figures'), ...errors },
      }),
      async (c) => {
        const year = Number(c.req.valid('param').year);
        const query = c.req.valid('query');
        const coalition = await coalitionOf(c, query.coalition);
        if (coalition instanceof Response) return coalition;
        // The same range as /report annual in chat.
        const years = reportYears(services.clock.now(), coalition.timezone);
        if (year < years.first)
          return problem(c, 400, 'bad_year', `The year must be ${years.first} or later.`);
        if (year > years.last) return problem(c, 404, 'empty_period', 'That year has not begun.');
        const format = formatOf(c, query.format);
        const r = await services.reports.annual(coalition.id, year);
        const body =
          format === 'json'
            ? reportJson(r)
            : format === 'csv'
              ? reportCsv(r)
              : reportMarkdown(r, translator(languageOf(query.lang, c.req.header('accept-language'))));
        log.info({ api: 'report', year, format, correlationId: c.get('requestId') }, 'report served');
        return send(c, format, body, `docket-report-${year}.${format}`);
      },
    );
  };
}
