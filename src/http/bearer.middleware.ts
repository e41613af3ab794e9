// Bearer tokens for the secretariat API. Who a token stands for is an injected check, so per-person
// tokens can plug in beside DOCKET_API_TOKEN. Refusals are logged (never the token) and limited per
// client address.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../core/log.ts';
import { clientAddress } from './client-address.ts';
import { problem } from './errors.ts';
import type { HttpEnv, Principal } from './http-types.ts';
import type { RefusalLimiter } from './refusal-limiter.ts';

/** The principal a token stands for, or null when it is not a valid token. */
export type BearerAuth = (token: string) => Promise<Principal | null>;

const digestOf = (s: string) => createHash('sha256').update(s).digest();

/** Accepts exactly `expected`; both sides hashed so the comparison is constant-time at any length. */
export function staticTokenAuth(expected: string): BearerAuth {
  const want = digestOf(expected);
  return async (token) => (timingSafeEqual(digestOf(token), want) ? {} : null);
}

/**
 * The API's tokens: DOCKET_API_TOKEN (the bootstrap, any coalition) and the per-person tokens of
 * /coalition token create (their own coalition, while their holder is secretariat).
 */
export function apiAuth(
  bootstrap: string | undefined,
  services: { tokens: { authenticate(token: string): Promise<Principal | null> } },
): BearerAuth {
  const fixed = bootstrap ? staticTokenAuth(bootstrap) : null;
  return async (token) => (fixed ? await fixed(token) : null) ?? services.tokens.authenticate(token);
}

export function requireBearer(o: {
  auth: BearerAuth;
  limiter: RefusalLimiter;
  log: Logger;
  /** What to send, for the 401 message. */
  hint: string;
}): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const client = clientAddress(c);
    // A limited address gets 429 even with a good token: otherwise the answer would still tell a
    // guesser when it is right.
    const wait = o.limiter.retryAfter(client);
    if (wait > 0)
      return problem(c, 429, 'too_many_refusals', 'Too many refused tokens from this address.', {
        'retry-after': String(wait),
      });
    const token = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token)
      return problem(c, 401, 'missing_token', `Send Authorization: Bearer <${o.hint}>.`, {
        'www-authenticate': 'Bearer',
      });
    const principal = await o.auth(token);
    if (!principal) {
      const reachedLimit = o.limiter.refuse(client);
      const fields = { path: c.req.path, client, correlationId: c.get('requestId') };
      o.log.warn({ ...fields, reason: 'wrong_token' }, 'bearer token refused');
      if (reachedLimit)
        o.log.warn(
          { ...fields, reason: 'rate_limited', limit: o.limiter.limit, windowMs: o.limiter.windowMs },
          'bearer token refusals limited',
        );
      return problem(c, 403, 'wrong_token', 'That token is not valid.');
    }
    c.set('principal', principal);
    await next();
  };
}
