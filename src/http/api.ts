// The secretariat's HTTP API: GET /api/digests/{YYYY-Www} and GET /api/reports/{year}, bearer
// token checked in constant time, format from ?format= or Accept (json, csv, md).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  digestCsv,
  digestMarkdown,
  reportCsv,
  reportMarkdown,
  type ReportFormat,
} from '../core/report-format.ts';
import type { Logger } from '../core/log.ts';
import { isoWeek, parseIsoWeek, type Services } from '../services/index.ts';
import type { Route } from './server.ts';

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};
const digestOf = (s: string) => createHash('sha256').update(s).digest();

function fail(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': CONTENT_TYPES.json, 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ error, message }));
}

export function formatOf(req: IncomingMessage, url: URL): ReportFormat | null {
  const asked = url.searchParams.get('format')?.toLowerCase();
  if (asked) return asked === 'json' || asked === 'csv' || asked === 'md' ? asked : null;
  const accept = req.headers.accept ?? '';
  if (accept.includes('text/csv')) return 'csv';
  if (accept.includes('text/markdown')) return 'md';
  return 'json';
}

/** Writes a body in pieces: a large CSV never has to sit in one string on the wire side. */
function send(res: ServerResponse, format: ReportFormat, body: string, filename: string) {
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[format],
    'cache-control': 'no-store',
    'content-disposition': `inline; filename="${filename}"`,
  });
  for (let i = 0; i < body.length; i += 64 * 1024) res.write(body.slice(i, i + 64 * 1024));
  res.end();
}

export function apiRoute(
  services: Services,
  token: string | undefined,
  log: Logger,
  defaultCoalition = 'justice',
): Route {
  const expected = token ? digestOf(token) : null;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://docket.local');
    if (!url.pathname.startsWith('/api/')) return false;
    if (!expected) {
      fail(res, 404, 'api_disabled', 'The secretariat API is off: set DOCKET_API_TOKEN.');
      return true;
    }
    if (req.method !== 'GET') {
      fail(res, 405, 'method_not_allowed', 'Only GET is served.', { allow: 'GET' });
      return true;
    }
    const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!auth) {
      fail(res, 401, 'missing_token', 'Send Authorization: Bearer <DOCKET_API_TOKEN>.', {
        'www-authenticate': 'Bearer',
      });
      return true;
    }
    // Hash both sides so the comparison is constant-time whatever the lengths.
    if (!timingSafeEqual(digestOf(auth), expected)) {
      fail(res, 403, 'wrong_token', 'That token is not valid.');
      return true;
    }
    const format = formatOf(req, url);
    if (!format) {
      fail(res, 400, 'bad_format', 'format must be json, csv or md.');
      return true;
    }
    const coalition = await services.coalition.bySlug(url.searchParams.get('coalition') ?? defaultCoalition);
    if (!coalition) {
      fail(res, 404, 'unknown_coalition', 'No coalition has that slug.');
      return true;
    }
    const now = services.clock.now();
    const digest = /^\/api\/digests\/([^/]+)$/.exec(url.pathname);
    const report = /^\/api\/reports\/([^/]+)$/.exec(url.pathname);
    if (digest) {
      const range = parseIsoWeek(decodeURIComponent(digest[1]!).toUpperCase(), coalition.timezone);
      if (!range) return (fail(res, 400, 'bad_week', 'The week must look like 2026-W48.'), true);
      if (range.start > isoWeek(now, coalition.timezone).start)
        return (fail(res, 404, 'empty_period', 'That week has not begun.'), true);
      const d = await services.digests.details(coalition.id, range, coalition.timezone, 1000);
      const body =
        format === 'json' ? JSON.stringify(d, null, 2) : format === 'csv' ? digestCsv(d) : digestMarkdown(d);
      send(res, format, body, `docket-digest-${range.label}.${format}`);
      return true;
    }
    if (report) {
      const year = /^\d{4}$/.test(report[1]!) ? Number(report[1]) : NaN;
      if (!Number.isInteger(year) || year < 2000)
        return (fail(res, 400, 'bad_year', 'The year must be four digits, such as 2026.'), true);
      const thisYear = Number(
        new Intl.DateTimeFormat('en', { timeZone: coalition.timezone, year: 'numeric' }).format(now),
      );
      if (year > thisYear) return (fail(res, 404, 'empty_period', 'That year has not begun.'), true);
      const r = await services.reports.annual(coalition.id, year);
      const body =
        format === 'json' ? JSON.stringify(r, null, 2) : format === 'csv' ? reportCsv(r) : reportMarkdown(r);
      log.info({ api: 'report', year, format }, 'report served');
      send(res, format, body, `docket-report-${year}.${format}`);
      return true;
    }
    fail(res, 404, 'not_found', 'Try /api/digests/2026-W48 or /api/reports/2026.');
    return true;
  };
}
