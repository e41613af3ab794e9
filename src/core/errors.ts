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

/**
 * The handler needs inputs its schema leaves optional (a meeting's registration questions): where
 * the platform has forms, the core opens one for them, the rest of the input kept; elsewhere the
 * reply lists them. `labels` names inputs whose label is not in the catalogues (questions the
 * secretariat wrote). Nothing is written.
 */
export class NeedsInputs extends ValidationError {
  override name = 'NeedsInputs';
  constructor(
    problems: FieldProblem[],
    readonly labels: Record<string, string> = {},
  ) {
    super(problems);
  }
}

export type Check = { ok: true } | { ok: false; error: UserError };
export const ok: Check = { ok: true };
export const fail = (key: MessageKey, params: Record<string, string | number> = {}): Check => ({
  ok: false,
  error: new UserError(key, params),
});
