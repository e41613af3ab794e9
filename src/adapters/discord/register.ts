import { REST } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import type { CommandDefinition } from '../../core/command.ts';
import { toApplicationCommands } from './registration.ts';

/** Bulk-overwrites the application's commands (one server, or global): idempotent by design. */
export async function registerCommands(
  commands: readonly CommandDefinition[],
  o: { token: string; applicationId: string; guildId?: string; apiUrl: string },
) {
  const rest = new REST({ api: o.apiUrl }).setToken(o.token);
  const route = o.guildId
    ? Routes.applicationGuildCommands(o.applicationId, o.guildId)
    : Routes.applicationCommands(o.applicationId);
  return (await rest.put(route, { body: toApplicationCommands(commands) })) as { name: string }[];
}
