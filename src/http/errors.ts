// JSON errors, one shape everywhere: { error, message } (+ issues on validation failures).
import { z, type Hook } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { HttpEnv } from './http-types.ts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'bad_week' }),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    correlationId: z.string().optional(),
  })
  .openapi('Error');

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed input (path, query or body)',
  401: 'No bearer token',
  403: 'The token is not valid (or not for that coalition)',
  404: 'Not found, or the period has not begun',
  413: 'Body too large',
  429: 'Too many refused tokens from this address: see Retry-After',
  503: 'Not ready',
};

/** OpenAPI responses for these error statuses, all with the shared Error body. */
export function errorResponses<S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: DESCRIPTIONS[s] ?? 'Error',
        content: { 'application/json': { schema: ErrorSchema } },
      },
    ]),
  ) as Record<S, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }>;
}

export function problem<E extends Env>(
  c: Context<E>,
  status: ContentfulStatusCode,
  error: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return c.json({ error, message }, status, headers);
}

/** Thrown from helpers (body readers, guards) where returning a response is awkward. */
export class HttpProblem extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(status, { message });
  }
}

/**
 * Every zod-validated route answers malformed input with 400 and names the first bad field:
 * `bad_week`, `bad_format`… (the codes the API had before the framework).
 */
export const validationHook: Hook<unknown, HttpEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const issues = result.error.issues;
  const field = issues[0]?.path[0];
  return c.json(
    {
      error: field === undefined ? `bad_${result.target}` : `bad_${String(field)}`,
      message: issues[0]?.message ?? 'Malformed input.',
      issues: issues.map((i) => ({ path: [result.target, ...i.path].join('.'), message: i.message })),
    },
    400,
  );
};
