// The core: one neutral invocation in, one neutral reply out, whatever the platform.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Actor, IdentityKey, Locale, PlatformName, Services } from '../services/index.ts';
import type { ExchangeSeen } from '../services/exchange.service.ts';
import { isObserver, LOCALES } from '../services/index.ts';
import type { Access, CommandContext, CommandDefinition, SubcommandDefinition } from './command.ts';
import { UserError, ValidationError, type FieldProblem } from './errors.ts';
import { describe, type FieldInfo } from './fields.ts';
import { translator, type MessageKey, type Translate } from './i18n/index.ts';
import type { Logger } from './log.ts';
import { assign } from './parse.ts';
import type { Reply } from './reply.ts';
import { errorReply, problemsReply } from './replies.ts';

export interface Invocation {
  platform: PlatformName;
  spaceId: string;
  userId: string;
  displayName: string;
  /** The platform's idea of the user's language (Discord locale, Slack users.info). */
  localeHint?: string;
  timezoneHint?: string;
  channelId?: string;
  command: string;
  /** Given by typed platforms (Discord); otherwise the first word of `text`. */
  sub?: string;
  /** Slash text after the command (Slack, console). */
  text?: string;
  /** Typed inputs (Discord options, modal fields, buttons). */
  input?: Record<string, unknown>;
}

export interface Outcome {
  reply: Reply;
  locale: Locale;
  timeZone: string;
  /** Set when the command ran (and wrote) successfully. */
  ok: boolean;
  /** Inputs that were required and missing: adapters may open a form for them. */
  missing?: FieldInfo[];
  /** Localised problem per input, for forms that show errors next to fields. */
  fieldErrors?: Record<string, string>;
}

interface PreparedBase {
  inv: Invocation;
  identity: IdentityKey;
  /** Who spoke, as read before running (personId null: not registered yet). */
  actor: Actor;
  locale: Locale;
  timeZone: string;
  t: Translate;
}

export type Prepared =
  | (PreparedBase & { error: string; command?: undefined })
  | (PreparedBase & {
      error?: undefined;
      command: string;
      sub: string;
      subDef: SubcommandDefinition;
      fields: FieldInfo[];
      /** Inputs as read (text or typed), before validation: a form's pre-filled values. */
      values: Record<string, unknown>;
      problems: FieldProblem[];
      missing: FieldInfo[];
      input: unknown;
    });

export const normalizeLocale = (hint?: string | null): Locale | null => {
  const base = (hint ?? '').toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : null;
};

export function hasAccess(actor: Actor, access: Access): boolean {
  switch (access) {
    case 'anyone':
      return true;
    case 'joined':
      return actor.role === 'SECRETARIAT' || actor.organization !== null;
    case 'participant':
      return actor.role === 'SECRETARIAT' || (actor.organization !== null && !isObserver(actor));
    case 'secretariat':
      return actor.role === 'SECRETARIAT';
  }
}

const REFUSAL: Record<Exclude<Access, 'anyone'>, MessageKey> = {
  joined: 'error.access.joined',
  participant: 'error.access.participant',
  secretariat: 'error.access.secretariat',
};

export class Docket {
  readonly byName: ReadonlyMap<string, CommandDefinition>;

  constructor(
    readonly commands: readonly CommandDefinition[],
    readonly services: Services,
    readonly log: Logger,
  ) {
    this.byName = new Map(commands.map((c) => [c.name, c]));
  }

  /** Finds a sub-command; `text` may start with its name. */
  resolve(command: string, sub: string | undefined, text: string | undefined) {
    const def = this.byName.get(command.replace(/^\//, '').toLowerCase());
    if (!def) return null;
    let rest = text?.trim() ?? '';
    let name = sub?.toLowerCase();
    if (!name) {
      const first = rest.split(/\s+/, 1)[0]?.toLowerCase() ?? '';
      if (first && first in def.subcommands) {
        name = first;
        rest = rest.slice(first.length).trim();
      } else {
        name = def.defaultSub;
      }
    }
    const subDef = name ? def.subcommands[name] : undefined;
    return { def, name, subDef, rest };
  }

  /**
   * Everything known before running: who speaks (and in which language), which sub-command, the
   * inputs read so far and what is missing or wrong. Reads only; adapters use it to open forms.
   */
  async prepare(inv: Invocation): Promise<Prepared> {
    const { identity, actor, locale, timeZone, t } = await this.speaker(inv);
    const base = { inv, identity, locale, timeZone, t, actor };
    const found = this.resolve(inv.command, inv.sub, inv.text);
    if (!found) return { ...base, error: t('error.unknown_command', { command: inv.command }) };
    if (!found.subDef || !found.name) {
      return {
        ...base,
        error: t('error.unknown_sub', {
          command: found.def.name,
          subs: this.visibleSubs(found.def).join(', '),
        }),
      };
    }
    const fields = describe(found.subDef.input);
    let values: Record<string, unknown>;
    let problems: FieldProblem[] = [];
    if (inv.input) {
      values = Object.fromEntries(
        Object.entries(inv.input).filter(([, v]) => v !== undefined && v !== null && v !== ''),
      );
    } else {
      const parsed = assign(found.rest, fields);
      values = parsed.values;
      problems = parsed.problems;
    }
    const result = found.subDef.input.safeParse(values);
    if (!result.success) problems = [...problems, ...zodProblems(result.error, fields)];
    return {
      ...base,
      command: found.def.name,
      sub: found.name,
      subDef: found.subDef,
      fields,
      values,
      problems,
      missing: fields.filter((f) => f.required && !(f.key in values)),
      input: result.success ? result.data : undefined,
    };
  }

  async dispatch(inv: Invocation): Promise<Outcome> {
    return this.execute(await this.prepare(inv));
  }

  private readonly inflight = new Set<Promise<Outcome>>();

  /** Waits for commands in flight (shutdown): each finishes, so none is half-written. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  execute(p: Prepared): Promise<Outcome> {
    const run = this.run(p);
    this.inflight.add(run);
    void run.finally(() => this.inflight.delete(run));
    return run;
  }

  private async run(p: Prepared): Promise<Outcome> {
    const { t, locale, timeZone } = p;
    const done = (reply: Reply, ok = false, extra: Partial<Outcome> = {}): Outcome => ({
      reply,
      locale,
      timeZone,
      ok,
      ...extra,
    });
    if (p.error !== undefined) return done(errorReply(t, p.error));
    const usage = `/${p.command} ${p.sub}`;
    const fieldErrors = (problems: FieldProblem[]) =>
      Object.fromEntries(problems.filter((x) => x.field).map((x) => [x.field, t(x.key, x.params)]));
    if (p.problems.length > 0 || p.input === undefined) {
      return done(problemsReply(t, usage, p.problems, p.fields), false, {
        missing: p.missing,
        fieldErrors: fieldErrors(p.problems),
      });
    }
    const { subDef, input, inv, identity } = p;
    try {
      const reply = await this.services.transaction(async (services) => {
        // A known person was just read: only a first contact needs the lookup-or-create.
        const me =
          p.actor.personId !== null
            ? p.actor
            : await services.people.ensure(identity, { displayName: inv.displayName });
        const ctx = this.context(me, { locale, timeZone, t, services, inv });
        ctx.require(subDef.access);
        return (subDef as SubcommandDefinition<z.ZodObject>).handler(input as z.output<z.ZodObject>, ctx);
      });
      return done(reply, true);
    } catch (error) {
      if (error instanceof ValidationError)
        return done(problemsReply(t, usage, error.problems, p.fields), false, {
          fieldErrors: fieldErrors(error.problems),
        });
      if (error instanceof UserError) return done(errorReply(t, t(error.key, localParams(t, error.params))));
      const id = randomUUID().slice(0, 8);
      // Never the input text: it may carry personal data.
      this.log.error(
        { err: error, correlationId: id, command: p.command, sub: p.sub, platform: inv.platform },
        'command failed',
      );
      return done(errorReply(t, t('error.unexpected', { id })));
    }
  }

  private context(
    actor: Actor,
    o: {
      locale: Locale;
      timeZone: string;
      t: Translate;
      services: CommandContext['services'];
      inv: Invocation;
    },
  ): CommandContext {
    return {
      actor,
      locale: o.locale,
      timeZone: o.timeZone,
      t: o.t,
      services: o.services,
      now: this.services.clock.now(),
      platform: o.inv.platform,
      channelId: o.inv.channelId,
      commands: this.commands,
      require(access) {
        if (!hasAccess(actor, access)) throw new UserError(REFUSAL[access as Exclude<Access, 'anyone'>]);
      },
    };
  }

  /** Who speaks, in which language and zone: the stored person, or first-contact defaults. Reads only. */
  private async speaker(
    inv: Pick<Invocation, 'platform' | 'spaceId' | 'userId' | 'displayName' | 'localeHint' | 'timezoneHint'>,
  ) {
    const identity: IdentityKey = { platform: inv.platform, spaceId: inv.spaceId, userId: inv.userId };
    const actor =
      (await this.services.people.find(identity)) ??
      (await this.services.people.provisional(identity, inv.displayName));
    const locale = actor.locale ?? normalizeLocale(inv.localeHint) ?? actor.coalition.locale;
    const timeZone = actor.timezone ?? inv.timezoneHint ?? actor.coalition.timezone;
    return { identity, actor, locale, timeZone, t: translator(locale) };
  }

  /** The speaker's translator, for adapter notes that are not a command's reply (a stale button). */
  async translatorFor(
    inv: Pick<Invocation, 'platform' | 'spaceId' | 'userId' | 'displayName' | 'localeHint' | 'timezoneHint'>,
  ): Promise<Translate> {
    return (await this.speaker(inv)).t;
  }

  /** Records a person may mean while typing an id: `M3 · Working group` → `M3`. */
  async suggest(
    inv: Pick<Invocation, 'platform' | 'spaceId' | 'userId' | 'displayName'>,
    prefix: 'L' | 'C' | 'M',
    query: string,
  ): Promise<{ label: string; value: string }[]> {
    const { actor } = await this.speaker(inv);
    if (actor.coalition.id === 0) return [];
    const service =
      prefix === 'M'
        ? this.services.meetings
        : prefix === 'C'
          ? this.services.commitments
          : this.services.learnings;
    const rows = await service.suggest(actor.coalition.id, query.slice(0, 100), 25);
    return rows.map((r) => ({
      label: `${prefix}${r.number} · ${r.title}`.slice(0, 100),
      value: `${prefix}${r.number}`,
    }));
  }

  /** Remembers that a platform mirrored a meeting (e.g. as a Discord scheduled event). */
  async linkExternalEvent(
    inv: Pick<Invocation, 'platform' | 'spaceId' | 'userId' | 'displayName'>,
    number: number,
    externalEventId: string,
  ): Promise<void> {
    const identity = { platform: inv.platform, spaceId: inv.spaceId, userId: inv.userId };
    const actor = await this.services.people.find(identity);
    if (actor) await this.services.meetings.linkExternalEvent(actor.coalition.id, number, externalEventId);
  }

  /** A message seen in a coalition channel: counted (metadata only), once per platform event. */
  recordExchange(e: ExchangeSeen): Promise<boolean> {
    return this.services.exchanges.record(e);
  }

  /** Where a reply's `announce` copy goes in the invoker's space (null: nowhere set). */
  announceChannel(
    inv: Pick<Invocation, 'platform' | 'spaceId' | 'userId'>,
    channel: 'learnings' | 'announcements',
  ): Promise<string | null> {
    return this.services.coalition.channelOf(
      { platform: inv.platform, spaceId: inv.spaceId, userId: inv.userId },
      channel,
    );
  }

  visibleSubs(def: CommandDefinition): string[] {
    return Object.entries(def.subcommands)
      .filter(([, s]) => !s.hidden)
      .map(([n]) => n);
  }
}

/** Services name enum values as `t:orgType.GOVERNMENT`; they are shown in the reader's language. */
const localParams = (t: Translate, params: Record<string, string | number>) =>
  Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === 'string' && v.startsWith('t:') ? t(v.slice(2) as MessageKey) : v,
    ]),
  );

/** zod issues → field problems with message keys; custom checks carry their key in params. */
export function zodProblems(error: z.ZodError, fields: FieldInfo[]): FieldProblem[] {
  return error.issues.map((issue): FieldProblem => {
    const field = String(issue.path[0] ?? '');
    const info = fields.find((f) => f.key === field);
    const params: Record<string, string | number> = {};
    let key: MessageKey;
    if (issue.message.startsWith('error.'))
      return { field, key: issue.message as MessageKey, params: info?.prefix ? { prefix: info.prefix } : {} };
    switch (issue.code) {
      case 'invalid_type':
        key =
          issue.input === undefined
            ? 'error.field.required'
            : info?.kind === 'int'
              ? 'error.field.int'
              : info?.kind === 'bool'
                ? 'error.field.bool'
                : 'error.field.type';
        break;
      case 'too_small':
        key =
          info?.kind === 'int'
            ? 'error.field.int_min'
            : info?.kind === 'choices'
              ? 'error.field.choices_min'
              : 'error.field.too_short';
        params.min = Number(issue.minimum);
        break;
      case 'too_big':
        key =
          info?.kind === 'int'
            ? 'error.field.int_max'
            : info?.kind === 'choices'
              ? 'error.field.choices_max'
              : 'error.field.too_long';
        params.max = Number(issue.maximum);
        break;
      case 'invalid_value':
        key = 'error.field.choice';
        params.values = (info?.values ?? []).map((v) => v.toLowerCase()).join(', ');
        break;
      default:
        key = 'error.field.type';
    }
    return { field, key, params };
  });
}
