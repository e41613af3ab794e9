// commands/ → Discord application commands: one chat-input command per declaration, its
// sub-commands as typed options, plus the message context-menu action. Pure and deterministic,
// so registering twice sends the same payload (Discord's bulk overwrite then changes nothing).
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { actionKey, descriptionKey, optionKey, type CommandDefinition } from '../../core/command.ts';
import { canSuggest } from '../../core/docket.ts';
import { choiceLabel, describe, type FieldInfo } from '../../core/fields.ts';
import { translator, type MessageKey } from '../../core/i18n/index.ts';
import { cut as cutTo } from '../../core/text.ts';

const en = translator('en');
const fr = translator('fr');
const es = translator('es');
const cut = (s: string, max = 100) => cutTo(s, max);

/** Discord's own locale codes for our three languages. */
const localized = (key: MessageKey) => ({ fr: cut(fr(key)), 'es-ES': cut(es(key)), 'es-419': cut(es(key)) });

/**
 * Long free text (summaries, descriptions, agendas) is asked for in a modal, so it is an optional
 * option here; everything else keeps its schema's shape and requiredness.
 */
export const inModal = (f: FieldInfo) => f.kind === 'text' && Boolean(f.long);

function option(f: FieldInfo): APIApplicationCommandBasicOption {
  const base = {
    name: f.key,
    description: cut(en(optionKey(f.key))),
    description_localizations: localized(optionKey(f.key)),
    required: f.required && !inModal(f),
  };
  switch (f.kind) {
    case 'int':
      return { ...base, type: ApplicationCommandOptionType.Integer, min_value: f.min, max_value: f.max };
    case 'bool':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'choice':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: (f.values ?? []).slice(0, 25).map((v) => ({
          name: cut(choiceLabel(en, f, v)),
          value: v,
          ...(f.labels
            ? {
                name_localizations: {
                  fr: cut(choiceLabel(fr, f, v)),
                  'es-ES': cut(choiceLabel(es, f, v)),
                  'es-419': cut(choiceLabel(es, f, v)),
                },
              }
            : {}),
        })),
      };
    case 'ref':
      // Meetings and commitments are picked by title as one types.
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        min_length: 1,
        max_length: 12,
        autocomplete: f.prefix !== undefined && canSuggest(f.prefix),
      };
    default:
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(f.min !== undefined ? { min_length: Math.min(f.min, 6000) } : {}),
        ...(f.max !== undefined ? { max_length: Math.min(f.max, 6000) } : {}),
      };
  }
}

// Discord wants required options first.
const requiredFirst = (options: APIApplicationCommandBasicOption[]) => [
  ...options.filter((o) => o.required),
  ...options.filter((o) => !o.required),
];

export function toApplicationCommands(
  commands: readonly CommandDefinition[],
): RESTPutAPIApplicationCommandsJSONBody {
  const chat = commands.map((c): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
    type: ApplicationCommandType.ChatInput,
    name: c.name,
    description: cut(en(descriptionKey(c.name))),
    description_localizations: localized(descriptionKey(c.name)),
    contexts: [InteractionContextType.Guild],
    // A single-action command (`/digest [week]`) takes its inputs directly.
    options:
      c.defaultSub && Object.keys(c.subcommands).length === 1
        ? requiredFirst(describe(c.subcommands[c.defaultSub]!.input).map(option))
        : Object.entries(c.subcommands)
            .filter(([, s]) => !s.hidden)
            .map(([name, s]): APIApplicationCommandOption => {
              return {
                type: ApplicationCommandOptionType.Subcommand,
                name,
                description: cut(en(descriptionKey(c.name, name))),
                description_localizations: localized(descriptionKey(c.name, name)),
                options: requiredFirst(describe(s.input).map(option)),
              };
            }),
  }));
  const actions = commands
    .filter((c) => c.messageAction)
    .map((c): RESTPostAPIContextMenuApplicationCommandsJSONBody => {
      const key = actionKey(c.name, c.messageAction!.sub);
      return {
        type: ApplicationCommandType.Message,
        name: cut(en(key), 32),
        name_localizations: { fr: cut(fr(key), 32), 'es-ES': cut(es(key), 32), 'es-419': cut(es(key), 32) },
        contexts: [InteractionContextType.Guild],
      };
    });
  return [...chat, ...actions];
}
