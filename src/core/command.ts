// The command model: a slash command is declared once in commands/ and every adapter reads it.
import type { z } from 'zod';
import type { Actor, BoundServices, Locale, PlatformName } from '../services/index.ts';
import type { Deliveries } from './delivery.ts';
import type { MessageKey, Translate } from './i18n/index.ts';
import type { SourceMessage } from './platform.ts';
import type { Reply } from './reply.ts';

/**
 * Who may run a sub-command, checked in the core for every platform (see checkAccess): anyone;
 * joined (asked to join an organisation, approved or not); approved (an approved membership in a
 * verified organisation); participant (the same, in a member, not observer, organisation);
 * secretariat.
 */
export type Access = 'anyone' | 'joined' | 'approved' | 'participant' | 'secretariat';

export interface CommandContext {
  actor: Actor;
  locale: Locale;
  timeZone: string;
  t: Translate;
  services: BoundServices;
  now: Date;
  platform: PlatformName;
  channelId?: string;
  /** Fails the command with a localised refusal unless the actor has this access. */
  require(access: Access): void;
  /** Messages and mirrored events beyond the reply, written to the outbox with the command. */
  deliver: Deliveries;
  /** All declared commands, for help. */
  commands: readonly CommandDefinition[];
}

export interface SubcommandDefinition<S extends z.ZodObject = z.ZodObject> {
  input: S;
  access: Access;
  /** Reached by buttons only (e.g. "useful"): not registered as a slash sub-command. */
  hidden?: boolean;
  handler(input: z.output<S>, ctx: CommandContext): Promise<Reply>;
}

export interface CommandDefinition {
  name: string;
  subcommands: Record<string, SubcommandDefinition>;
  /**
   * A message action (Slack message shortcut, Discord message context menu) that opens this
   * sub-command's form pre-filled from a message; its label is `action.<command>.<sub>`.
   */
  messageAction?: { sub: string; prefill(message: SourceMessage): Record<string, string> };
  /** A command with a single action (`/digest [week]`) names it here; typed text is its input. */
  defaultSub?: string;
}

/** Declares one sub-command with its input type inferred from the schema. */
export function sub<S extends z.ZodObject>(def: SubcommandDefinition<S>): SubcommandDefinition {
  return def as unknown as SubcommandDefinition;
}

export const descriptionKey = (command: string, subName?: string): MessageKey =>
  (subName ? `cmd.${command}.${subName}` : `cmd.${command}`) as MessageKey;
export const actionKey = (command: string, subName: string): MessageKey =>
  `action.${command}.${subName}` as MessageKey;
export const optionKey = (key: string): MessageKey => `opt.${key}` as MessageKey;
