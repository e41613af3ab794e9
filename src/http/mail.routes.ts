// Mail coming back: POST /mail/inbound takes one inbound message (raw MIME, as a mail provider's
// inbound webhook delivers it, behind DOCKET_INBOUND_MAIL_SECRET) and counts a calendar reply as
// an RSVP; /mail/unsubscribe/{token} is the digest's way out: a page that asks (GET, since mail
// scanners follow links) and the one-click POST of RFC 8058 that acts.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { readInboundMail } from '../adapters/mail/inbound.ts';
import { applyCalendarReply } from '../core/calendar-replies.ts';
import type { Docket } from '../core/docket.ts';
import { translator, type Locale, type Translate } from '../core/i18n/index.ts';
import type { Logger } from '../core/log.ts';
import { requireBearer, staticTokenAuth } from './bearer.middleware.ts';
import { readRawBody } from './bodies.ts';
import { errorResponses, problem } from './errors.ts';
import type { HttpEnv, RouteModule } from './http-types.ts';
import { csp } from './security.middleware.ts';

/** A calendar reply is a few kilobytes; quoted originals and signatures stay well under this. */
export const INBOUND_MAX_BYTES = 1024 * 1024;

const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface MailRouteOptions {
  docket: Docket;
  log: Logger;
  /** DOCKET_INBOUND_MAIL_SECRET; absent: inbound mail is off and its route answers 404. */
  inboundSecret?: string;
  /** DOCKET_LOCALE: the language of pages that cannot tell whose they are. */
  locale?: Locale;
}

const Outcome = z
  .object({
    status: z.enum(['applied', 'refused']),
    meeting: z.string().optional().openapi({ example: 'M3' }),
    answer: z.enum(['YES', 'MAYBE', 'NO']).optional(),
    reason: z.string().optional().openapi({ example: 'not_invited' }),
  })
  .openapi('InboundMailOutcome');

const Token = z.object({ token: z.string().max(200).openapi({ description: 'From the mail’s link' }) });

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A small page in the reader's language: a title, a message, and maybe the button that acts. */
function page(t: Translate, body: string, action?: string): string {
  const button = action
    ? `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font-size:16px;padding:8px 16px">${escapeHtml(t('mail.unsubscribe.button'))}</button></form>`
    : '';
  return [
    '<!doctype html>',
    `<html lang="${t.locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(t('mail.unsubscribe.title'))}</title></head>`,
    '<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5">',
    `<h1 style="font-size:1.4rem">${escapeHtml(t('mail.unsubscribe.title'))}</h1>`,
    `<p>${escapeHtml(body)}</p>`,
    button,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const html = {
  description: 'An HTML page',
  content: { 'text/html': { schema: z.string() } },
};

export function mailRoutes(o: MailRouteOptions): RouteModule {
  const { docket, log } = o;
  const services = docket.services;
  return (app, http) => {
    app.openAPIRegistry.registerComponent('securitySchemes', 'inboundMail', {
      type: 'http',
      scheme: 'bearer',
      description: 'DOCKET_INBOUND_MAIL_SECRET',
    });
    const guard: MiddlewareHandler<HttpEnv> = o.inboundSecret
      ? requireBearer({
          auth: staticTokenAuth(o.inboundSecret),
          limiter: http.limiter,
          log,
          hint: 'DOCKET_INBOUND_MAIL_SECRET',
        })
      : (c) =>
          Promise.resolve(
            problem(c, 404, 'inbound_mail_off', 'Inbound mail is off: set DOCKET_INBOUND_MAIL_SECRET.'),
          );

    app.openapi(
      createRoute({
        method: 'post',
        path: '/mail/inbound',
        summary: 'One inbound mail: a calendar reply (iTIP REPLY) counts as the attendee’s RSVP',
        description:
          'The raw MIME message as the body. Messages that are read but not applied (not a reply, ' +
          'an unknown meeting, an address not on record…) answer 200 with status "refused" and a ' +
          'reason, so providers do not retry them; nothing of their content is logged.',
        tags: ['mail'],
        security: [{ inboundMail: [] }],
        middleware: [guard],
        request: {
          body: {
            required: true,
            content: { 'message/rfc822': { schema: z.string().openapi({ format: 'binary' }) } },
          },
        },
        responses: {
          200: {
            description: 'Read: applied, or refused with a reason',
            content: { 'application/json': { schema: Outcome } },
          },
          ...errorResponses(400, 401, 403, 404, 413, 415, 429),
        },
      }),
      async (c) => {
        const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (type !== 'message/rfc822')
          return c.json(
            { error: 'unsupported_media_type', message: 'Send the raw message as message/rfc822.' },
            415,
          );
        const raw = await readRawBody(c, INBOUND_MAX_BYTES);
        if (raw.byteLength === 0)
          return c.json({ error: 'empty_body', message: 'The body holds no message.' }, 400);
        const mail = await readInboundMail(raw).catch(() => null);
        if (!mail) return c.json({ error: 'unreadable', message: 'The body is not a MIME message.' }, 400);
        const outcome = await applyCalendarReply(docket, mail);
        const correlationId = c.get('requestId');
        if (outcome.status === 'applied')
          log.info(
            { correlationId, meeting: outcome.meeting, answer: outcome.answer },
            'calendar reply applied',
          );
        else log.warn({ correlationId, reason: outcome.reason }, 'inbound mail refused');
        return c.json(outcome, 200);
      },
    );

    const unsubscribeRoute = (method: 'get' | 'post') =>
      createRoute({
        method,
        path: '/mail/unsubscribe/{token}',
        summary:
          method === 'get'
            ? 'The digest’s unsubscribe page: asks before acting'
            : 'Unsubscribes from the digest by mail (RFC 8058 one-click, or the page’s button)',
        tags: ['mail'],
        middleware: [csp(PAGE_CSP)],
        request: {
          params: Token,
          ...(method === 'post'
            ? {
                body: {
                  required: false,
                  content: {
                    'application/x-www-form-urlencoded': {
                      schema: z.object({ 'List-Unsubscribe': z.string().max(40).optional() }),
                    },
                    'multipart/form-data': {
                      schema: z.object({ 'List-Unsubscribe': z.string().max(40).optional() }),
                    },
                  },
                },
              }
            : {}),
        },
        responses: { 200: html, 404: html, ...errorResponses(400, 415) },
      });

    /** A link that no longer works names no one: its page is in the deployment's language. */
    const gone = (c: Context<HttpEnv>) => {
      const t = translator(o.locale ?? 'en');
      return c.html(page(t, t('mail.unsubscribe.invalid')), 404);
    };

    app.openapi(unsubscribeRoute('get'), async (c) => {
      const found = await services.mail.unsubscribeTarget(c.req.valid('param').token);
      if (!found) return gone(c);
      const t = translator(found.reader.locale);
      return c.html(page(t, t('mail.unsubscribe.ask', { address: found.address }), c.req.path), 200);
    });

    app.openapi(unsubscribeRoute('post'), async (c) => {
      const done = await services.transaction((s) => s.mail.unsubscribe(c.req.valid('param').token));
      if (!done) return gone(c);
      log.info({ correlationId: c.get('requestId'), topic: done.topic }, 'unsubscribed by link');
      const t = translator(done.reader.locale);
      return c.html(page(t, t('mail.unsubscribe.done', { address: done.address })), 200);
    });
  };
}
