// `npm start`: console chat when no platform is configured and a terminal is attached; otherwise
// HTTP (health, Slack) and the platform adapters. `--as NAME --exec '/…'` runs commands and exits.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { createApp } from './app.ts';
import { consoleNotifier, interactive, runScript } from './adapters/console/console.adapter.ts';
import type { Notifier } from './core/notify.ts';
import { Scheduler } from './jobs/scheduler.ts';
import type { PlatformName } from './services/index.ts';
import { EnvError, loadEnv } from './core/env.ts';
import { createLogger } from './core/log.ts';
import { createHttpServer, listen } from './http/server.ts';
import { apiRoute } from './http/api.ts';
import { createSlackAdapter } from './adapters/slack/slack.adapter.ts';
import { createDiscordAdapter } from './adapters/discord/discord.adapter.ts';
import { MigrationError } from './services/db/migrator.ts';

const HELP = `Docket — the OGP Justice Coalition's chat-ops bot

Usage:
  npm start                                   run the bot (console chat when no Slack/Discord is configured)
  npm start -- --as NAME --exec '/command …'  run commands as NAME and exit (--exec repeatable, run in order)

Options:
  --as NAME       the person typing in the console (default: your user name)
  --exec COMMAND  a slash command to run, e.g. --exec '/learning list'
  -h, --help      this help

Configuration comes from the environment; see README.md (DATABASE_URL, PORT, SLACK_*, DISCORD_*, DOCKET_*).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { as: { type: 'string' }, exec: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const env = loadEnv();
  const person = values.as ?? process.env.USER ?? 'me';
  const platforms = Boolean(env.SLACK_BOT_TOKEN) || Boolean(env.DISCORD_TOKEN);
  const consoleMode = Boolean(values.exec) || (!platforms && process.stdin.isTTY);
  // In the terminal chat, routine logs would drown the conversation: warnings and errors only.
  const log = createLogger(consoleMode && !process.env.LOG_LEVEL ? 'warn' : env.LOG_LEVEL);
  const app = await createApp(env, { log });

  if (values.exec) {
    await runScript(app.docket, person, values.exec, { write: (t) => process.stdout.write(`${t}\n`), color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
    await app.close();
    return;
  }

  const slack = env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET
    ? createSlackAdapter(app.docket, log, { signingSecret: env.SLACK_SIGNING_SECRET, botToken: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN, apiUrl: env.SLACK_API_URL })
    : undefined;
  const server = createHttpServer({ ready: () => app.services.ping(), log, routes: [apiRoute(app.services, env.DOCKET_API_TOKEN, log), ...(slack ? [(req: IncomingMessage, res: ServerResponse) => slack.route(req, res)] : [])] });
  const port = await listen(server, env.PORT);
  await slack?.start();
  const discord = env.DISCORD_TOKEN ? createDiscordAdapter(app.docket, log, { token: env.DISCORD_TOKEN, apiUrl: env.DISCORD_API_URL }) : undefined;
  await discord?.start();

  const notifiers = new Map<PlatformName, Notifier>();
  if (slack) notifiers.set('SLACK', slack.notifier);
  if (discord) notifiers.set('DISCORD', discord.notifier);
  if (consoleMode) notifiers.set('CONSOLE', consoleNotifier({ write: (t) => process.stdout.write(`\n${t}\n`), color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR }));
  const scheduler = new Scheduler({ services: app.services, log, notifiers });
  scheduler.start();
  log.info({ port, slack: Boolean(env.SLACK_BOT_TOKEN), discord: Boolean(env.DISCORD_TOKEN) }, 'docket listening');

  let closing = false;
  const shutdown = async (code = 0) => {
    if (closing) return;
    closing = true;
    server.close();
    await scheduler.stop().catch(() => undefined);
    await slack?.stop().catch(() => undefined);
    await discord?.stop().catch(() => undefined);
    await app.close().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());

  if (consoleMode) {
    await interactive(app.docket, person, process.stdin, process.stdout);
    await shutdown();
  }
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof MigrationError) {
    console.error(`docket: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`docket: port ${(error as { port?: number }).port ?? ''} is taken; set PORT to another one`);
  } else {
    console.error('docket: failed to start:', error);
  }
  process.exit(1);
});
