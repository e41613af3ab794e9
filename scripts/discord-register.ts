// `npm run discord:register`: registers every declared command with Discord (DISCORD_GUILD_ID for
// one server, else globally). Safe to run again: the same payload changes nothing.
import { commands } from '../commands/index.ts';
import { registerCommands } from '../src/adapters/discord/register.ts';
import { EnvError, loadEnv } from '../src/core/env.ts';

try {
  const env = loadEnv();
  if (!env.DISCORD_TOKEN || !env.DISCORD_APPLICATION_ID)
    throw new EnvError(
      'Invalid configuration:\n  DISCORD_TOKEN: required to register commands (with DISCORD_APPLICATION_ID)',
    );
  const registered = await registerCommands(commands, {
    token: env.DISCORD_TOKEN,
    applicationId: env.DISCORD_APPLICATION_ID,
    guildId: env.DISCORD_GUILD_ID,
    apiUrl: env.DISCORD_API_URL,
  });
  console.log(
    `registered ${registered.length} commands ${env.DISCORD_GUILD_ID ? `in server ${env.DISCORD_GUILD_ID}` : 'globally'}: ${registered.map((c) => c.name).join(', ')}`,
  );
} catch (error) {
  console.error(`docket: ${(error as Error).message}`);
  process.exit(1);
}
