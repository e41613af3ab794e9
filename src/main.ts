// `npm start`: console chat when no platform is configured and a terminal is attached; otherwise
// HTTP (health, Slack) and the platform adapters. `--as NAME --exec '/…'` runs commands and exits.
import { parseArgs } from 'node:util';
import { createApp } from './app.ts';
import { startServer } from './server.ts';
import { consoleNotifier, interactive, runScript } from './adapters/console/console.adapter.ts';
import { EnvError, loadEnv } from './core/env.ts';
import { createLogger } from './core/log.ts';
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
    options: {
      as: { type: 'string' },
      exec: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const env = loadEnv();
  const person = values.as ?? process.env.USER ?? 'me';
  const platforms = Boolean(env.SLACK_SIGNING_SECRET) || Boolean(env.DISCORD_TOKEN);
  const consoleMode = Boolean(values.exec) || (!platforms && process.stdin.isTTY);
  // In the terminal chat, routine logs would drown the conversation: warnings and errors only.
  const log = createLogger(consoleMode && !process.env.LOG_LEVEL ? 'warn' : env.LOG_LEVEL);
  const app = await createApp(env, { log });

  if (values.exec) {
    await runScript(app.docket, person, values.exec, {
      write: (t) => process.stdout.write(`${t}\n`),
      color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    });
    await app.close();
    return;
  }

  const running = await startServer(app, env, {
    console: consoleMode
      ? consoleNotifier({
          write: (t) => process.stdout.write(`\n${t}\n`),
          color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
        })
      : undefined,
  });

  const shutdown = async (signal: string) => {
    // Fly sends SIGTERM and waits; never hang past 10 seconds.
    const force = setTimeout(() => {
      log.error({ signal }, 'shutdown took over 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    await running.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  if (consoleMode) {
    await interactive(app.docket, person, process.stdin, process.stdout);
    await shutdown('console closed');
  }
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof MigrationError) {
    console.error(`docket: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `docket: port ${(error as { port?: number }).port ?? ''} is taken; set PORT to another one`,
    );
  } else {
    console.error('docket: failed to start:', error);
  }
  process.exit(1);
});
