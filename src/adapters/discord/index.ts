import type { DiscordOptions } from './discord.adapter.ts';
import { registration } from '../registration.ts';

export default registration<DiscordOptions>({
  name: 'DISCORD',
  configure: (env) => (env.DISCORD_TOKEN ? { token: env.DISCORD_TOKEN, apiUrl: env.DISCORD_API_URL } : null),
  // One gateway connection per deployment: several would each receive every interaction.
  singleton: true,
  async create(docket, log, options) {
    const { createDiscordAdapter } = await import('./discord.adapter.ts');
    return createDiscordAdapter(docket, log, options);
  },
});
