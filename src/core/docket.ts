// The core: one neutral event in, one neutral answer out, whatever the platform. It decides what
// every platform does after a command: open a form or run, reply anew or in place, and what goes
// to the outbox (announcements, notices, mirrored events).
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ExchangeSeen } from '../services/exchange.service.ts';
import {
  isApproved,
  isSecretariat,
  type Actor,
  type IdentityKey,
  type Locale,
  type Services,
} from '../services/index.ts';
import { localeOfHint, readerOf } from './locales.ts';
import type { Access, CommandContext, CommandDefinition, SubcommandDefinition } from './command.ts';
import { Courier, deliveries, type Platforms } from './delivery.ts';
import { fail, ok, UserError, ValidationError, type Check, type FieldProblem } from './errors.ts';
import { describe, type FieldInfo } from './fields.ts';
import { buildForm } from './forms.ts';
import { catalogues, translator, type MessageKey, type Translate } from './i18n/index.ts';
import type { Logger } from './log.ts';
import { assign } from './parse.ts';
import type { Conversation, InboundEvent, Outgoing, Platform, Speaker } from './platform.ts';
import { Ref, type RefPrefix } from './refs.ts';
import type { Reply } from './reply.ts';
import { errorReply, noteReply, problemsReply } from './replies.ts';

/** A command to run, as a platform hands it over: typed text or typed inputs. */
export type Invocation = Speaker & {
  command: string;
  /** Given by typed platforms (Discord); otherwise the first word of `text`. */
  sub?: string;
  /** Slash text after the command (Slack, console). */
  text?: string;
  /** Typed inputs (Discord options, form fields, buttons). */
  input?: Record<string, unknown>;
};

export interface Outcome {
  reply: Reply;
  locale: Locale;
  timeZone: string;
  /** Set when the command ran (and wrote) successfully. */
  ok: boolean;
  /** Inputs that were required and missing: a form may ask for them. */
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

/**
 * May this actor run a sub-command with this access? The levels' meaning lives here, once:
 * - joined: has asked to join an organisation (approved or still waiting), or is secretariat;
 * - approved: an approved membership in a verified organisation (member or observer standing);
 * - participant: an approved membership in a verified organisation whose standing is member;
 * - secretariat: the secretariat, as the database records it.
 * A refusal names what to do instead (join, wait for J4, or ask the secretariat).
 */
export function checkAccess(actor: Actor, access: Access): Check {
  if (access === 'anyone' || isSecretariat(actor)) return ok;
  if (access === 'secretariat') return fail('error.access.secretariat');
  const approved = isApproved(actor);
  if (access === 'joined' && (approved || actor.pending)) return ok;
  if (access === 'approved' && approved) return ok;
  if (access === 'participant' && approved && !actor.organization!.observer) return ok;
  if (approved) return fail('error.access.participant');
  if (actor.pending)
    return fail('error.access.pending', {
      id: Ref.join(actor.pending.number),
      organization: actor.pending.organization.name,
    });
  return fail('error.access.joined');
}

export class Docket {
  readonly byName: ReadonlyMap<string, CommandDefinition>;
  /** The platforms running in this process, by name. */
  readonly platforms = new Map<string, Platform>();
  readonly courier: Courier;

  constructor(
    readonly commands: readonly CommandDefinition[],
    readonly services: Services,
    readonly log: Logger,
  ) {
    this.byName = new Map(commands.map((c) => [c.name, c]));
    this.courier = new Courier(services, this.platforms as Platforms, log);
  }

  /** A platform joins the core: the outbox can now reach people and channels through it. */
  attach(platform: Platform): void {
    this.platforms.set(platform.name, platform);
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
   * inputs read so far and what is missing or wrong. Reads only.
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
    if (!result.success) problems = [...problems, ...zodProblems(result.error, fields, values)];
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

  dispatch(inv: Invocation): Promise<Outcome> {
    return this.track((async () => this.execute(await this.prepare(inv)))());
  }

  /**
   * Handles one event from a platform and answers on its conversation. Never throws: a failure
   * to answer is logged with a correlation id (the platform shows its own error, if any).
   */
  handle(event: InboundEvent, conversation: Conversation): Promise<void> {
    return this.track(
      this.route(event, conversation).catch((error: unknown) => {
        this.log.error(
          { err: error, correlationId: randomUUID().slice(0, 8), platform: event.platform, kind: event.kind },
          'could not answer on the platform',
        );
      }),
    );
  }

  private async route(event: InboundEvent, conversation: Conversation): Promise<void> {
    const answer = (o: { reply: Reply; locale: Locale; timeZone: string }, replace = false) =>
      conversation.reply({ reply: o.reply, locale: o.locale, timeZone: o.timeZone } satisfies Outgoing, {
        replace,
      });
    switch (event.kind) {
      case 'command': {
        const prepared = await this.prepare(event);
        // Required inputs missing and nothing else wrong: ask for them in a form.
        if (
          conversation.forms &&
          prepared.error === undefined &&
          prepared.missing.length > 0 &&
          prepared.problems.every((p) => prepared.missing.some((m) => m.key === p.field))
        ) {
          const form = buildForm(
            prepared.t,
            { command: prepared.command, sub: prepared.sub, channelId: event.channelId },
            prepared.fields,
            prepared.values,
            conversation.forms.limits,
          );
          return conversation.forms.open(form);
        }
        await conversation.working?.();
        return answer(await this.execute(prepared));
      }
      case 'form': {
        await conversation.working?.();
        const outcome = await this.dispatch({
          ...event,
          channelId: event.form.channelId ?? event.channelId,
          command: event.form.command,
          sub: event.form.sub,
          input: { ...event.form.hidden, ...event.input },
        });
        const errors = outcome.fieldErrors ?? {};
        if (!outcome.ok && Object.keys(errors).length > 0 && conversation.rejectForm) {
          return conversation.rejectForm(errors);
        }
        return answer(outcome);
      }
      case 'button': {
        const b = event.button;
        if (!b || !this.resolve(b.command, b.sub, undefined)?.subDef) {
          const s = await this.speaker(event);
          return answer({ ...s, reply: noteReply(s.t('platform.stale_button')) });
        }
        await conversation.working?.();
        const outcome = await this.dispatch({ ...event, command: b.command, sub: b.sub, input: b.input });
        // A card's own button refreshes the card it sits on (for everyone when it is shared, for
        // the presser when it was private); anything else, and any failure, answers apart.
        const replace = outcome.ok && b.refresh;
        const visibility = replace && !event.source.ephemeral ? 'public' : 'ephemeral';
        return answer({ ...outcome, reply: { ...outcome.reply, visibility } }, replace);
      }
      case 'message-action': {
        const def = this.commands.find((c) => c.messageAction);
        if (!def?.messageAction || !conversation.forms) return;
        const prepared = await this.prepare({
          ...event,
          command: def.name,
          sub: def.messageAction.sub,
          input: {},
        });
        if (prepared.error !== undefined)
          return answer({ ...prepared, reply: errorReply(prepared.t, prepared.error) });
        const prefill = def.messageAction.prefill(event.message);
        const form = buildForm(
          prepared.t,
          { command: prepared.command, sub: prepared.sub, channelId: event.channelId },
          prepared.fields,
          prefill,
          conversation.forms.limits,
          Object.keys(prefill),
        );
        return conversation.forms.open(form);
      }
    }
  }

  private readonly inflight = new Set<Promise<unknown>>();

  /** Counts work in flight from its very start (reading who speaks included), for drain(). */
  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    void work.then(
      () => this.inflight.delete(work),
      () => this.inflight.delete(work),
    );
    return work;
  }

  /** Waits for commands in flight (shutdown): each finishes, so none is half-written. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    await this.courier.idle();
  }

  execute(p: Prepared): Promise<Outcome> {
    return this.track(this.run(p));
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
    let queued = 0;
    try {
      const reply = await this.services.transaction(async (services) => {
        // Registers a first contact and remembers what the platform reports of the person.
        const me = await services.people.ensure(
          identity,
          { displayName: inv.displayName, localeHint: inv.localeHint, timezoneHint: inv.timezoneHint },
          p.actor,
        );
        const access = checkAccess(me, subDef.access);
        if (!access.ok) throw access.error;
        const deliver = deliveries(services, me.coalition, this.platforms, this.services.clock.now);
        const counted: typeof deliver = {
          toPeople: async (...a) => (queued += await deliver.toPeople(...a)),
          announce: async (...a) => (queued += await deliver.announce(...a)),
          mirror: async (...a) => (queued += await deliver.mirror(...a)),
          mail: async (...a) => (queued += await deliver.mail(...a)),
          invitations: async (...a) => (queued += await deliver.invitations(...a)),
        };
        const ctx = this.context(me, { locale, timeZone, t, services, inv, deliver: counted });
        return (subDef as SubcommandDefinition<z.ZodObject>).handler(input as z.output<z.ZodObject>, ctx);
      });
      // Written with the command; sent now rather than at the next minute.
      if (queued > 0) this.courier.kick();
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
      deliver: CommandContext['deliver'];
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
      deliver: o.deliver,
      require(access) {
        const check = checkAccess(actor, access);
        if (!check.ok) throw check.error;
      },
    };
  }

  /** Who speaks, in which language and zone (the one rule: see readerOf). Reads only. */
  private async speaker(s: Speaker) {
    const identity: IdentityKey = { platform: s.platform, spaceId: s.spaceId, userId: s.userId };
    const actor =
      (await this.services.people.find(identity)) ??
      (await this.services.people.provisional(identity, s.displayName));
    const { locale, timeZone } = readerOf(
      { locale: actor.locale, timezone: actor.timezone },
      // What the platform says now, else what it said last time.
      {
        localeHint: localeOfHint(s.localeHint) ?? actor.seen?.localeHint,
        timezoneHint: s.timezoneHint ?? actor.seen?.timezoneHint,
      },
      actor.coalition,
    );
    return { identity, actor, locale, timeZone, t: translator(locale) };
  }

  /** Records a person may mean while typing an id: `M3 · Working group` → `M3`. */
  async suggest(
    s: Speaker,
    target: { command: string; sub?: string; field: string },
    query: string,
  ): Promise<{ label: string; value: string }[]> {
    const subDef = this.resolve(target.command, target.sub, undefined)?.subDef;
    const prefix = subDef ? describe(subDef.input).find((f) => f.key === target.field)?.prefix : undefined;
    if (!prefix) return [];
    const { actor } = await this.speaker(s);
    if (actor.coalition.id === 0) return [];
    const service = SUGGEST[prefix]?.(this.services);
    if (!service) return [];
    const rows = await service.suggest(actor.coalition.id, query.slice(0, 100), 25);
    return rows.map((r) => ({
      label: `${prefix}${r.number} · ${r.title}`.slice(0, 100),
      value: `${prefix}${r.number}`,
    }));
  }

  /** A platform's installations (Slack OAuth: one per workspace), stored encrypted by the core. */
  installations(platform: string) {
    const s = this.services.installations;
    return {
      store: (id: string, name: string | null, installation: unknown, coalition: string | null) =>
        s.store(platform, id, name, installation, coalition),
      fetch: (id: string) => s.fetch(platform, id),
      remove: (id: string) => s.remove(platform, id),
    };
  }

  /** A message seen in a coalition channel: counted (metadata only), once per platform event. */
  recordExchange(e: ExchangeSeen): Promise<boolean> {
    return this.services.exchanges.record(e);
  }

  visibleSubs(def: CommandDefinition): string[] {
    return Object.entries(def.subcommands)
      .filter(([, s]) => !s.hidden)
      .map(([n]) => n);
  }
}

type Suggester = {
  suggest(coalitionId: number, q: string, limit: number): Promise<{ number: number; title: string }[]>;
};
/** Which records each id prefix names, for autocomplete. */
const SUGGEST: Partial<Record<RefPrefix, (s: Services) => Suggester>> = {
  L: (s) => s.learnings,
  C: (s) => s.commitments,
  M: (s) => s.meetings,
};

/** Whether records of this kind can be suggested as one types an id. */
export const canSuggest = (prefix: RefPrefix): boolean => prefix in SUGGEST;

/** Services name enum values as `t:orgType.GOVERNMENT`; they are shown in the reader's language. */
const localParams = (t: Translate, params: Record<string, string | number>) =>
  Object.fromEntries(
    Object.entries(params).map(([k, v]) => {
      if (typeof v !== 'string' || !v.startsWith('t:')) return [k, v];
      const key = v.slice(2);
      // A name without a label (a platform added later) is shown as it is stored, lower-cased.
      return [k, key in catalogues.en ? t(key as MessageKey) : (key.split('.').pop() ?? key).toLowerCase()];
    }),
  );

/**
 * zod issues → field problems with message keys, one per input (the first: "too short" and "not a
 * code" for the same input say one thing); custom checks carry their catalogue key as the message.
 */
export function zodProblems(
  error: z.ZodError,
  fields: FieldInfo[],
  values: Record<string, unknown> = {},
): FieldProblem[] {
  // One problem per input: a specific one (a custom check's own message) over a generic one.
  const specific = (issue: z.core.$ZodIssue) => issue.message in catalogues.en;
  const byField = new Map<string, z.core.$ZodIssue>();
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    const known = byField.get(field);
    if (!known || (!specific(known) && specific(issue))) byField.set(field, issue);
  }
  const first = [...byField.values()];
  return first.map((issue): FieldProblem => {
    const field = String(issue.path[0] ?? '');
    const info = fields.find((f) => f.key === field);
    const params: Record<string, string | number> = {};
    let key: MessageKey;
    // Custom checks name their catalogue key (`error.field.url`, `digest.bad_week`).
    if (issue.message in catalogues.en)
      return {
        field,
        key: issue.message as MessageKey,
        params: info?.prefix ? { prefix: info.prefix } : {},
      };
    switch (issue.code) {
      case 'invalid_type':
        // zod 4 does not report the input: what was given says whether it was missing.
        key = !(field in values)
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
