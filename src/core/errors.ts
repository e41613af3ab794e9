import type { MessageKey } from './i18n/index.ts';

/** A mistake the user can fix: the core turns it into a localised ephemeral reply. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

export interface FieldProblem {
  field: string;
  key: MessageKey;
  params: Record<string, string | number>;
}

/** Input that failed its schema: one problem per field, shown together. */
export class ValidationError extends UserError {
  override name = 'ValidationError';
  constructor(readonly problems: FieldProblem[]) {
    super('error.validation');
  }
}

export type Check = { ok: true } | { ok: false; error: UserError };
export const ok: Check = { ok: true };
export const fail = (key: MessageKey, params: Record<string, string | number> = {}): Check => ({
  ok: false,
  error: new UserError(key, params),
});
