// `npm start`: console chat when no platform is configured and a terminal is attached; otherwise
// HTTP (health, platforms, API) and the platform adapters. `--as NAME --exec '/…'` runs commands
// and exits (1 when any answered with an error).
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from './app.ts';
import { startServer } from './server.ts';
import { PLATFORMS } from './adapters/index.ts';
import { consolePlatform, interactive, runScript } from './adapters/console/console.adapter.ts';
import { EnvError, loadEnv } from './core/env.ts';
import { createLogger } from './core/log.ts';
import { MigrationError } from './services/db/migrator.ts';

const HELP = `Docket — the OGP Justice Coalition's chat-ops bot

Usage:
  npm start                                   run the bot (console chat when no Slack/Discord is configured)
  npm start -- --as NAME --exec '/command …'  run commands as NAME and exit (--exec repeatable, run in order;
                                              exit status 1 when any command answered with an error)

Options:
  --as NAME       the person typing in the console (default: your user name)
  --exec COMMAND  a slash command to run, e.g. --exec '/learning list'
  -h, --help      this help

Files the console receives (calendar files, reports, charts) are saved under ./data/files/.
Configuration comes from the environment; see README.md (DATABASE_URL, PORT, SLACK_*, DISCORD_*, DOCKET_*).`;

/** The person typing by default: the account's name, or "guest" when the system has none. */
function defaultPerson(): string {
  try {
    return process.env.USER || os.userInfo().username || 'guest';
  } catch {
    return 'guest';
  }
}

async function main(): Promise<void> {
  let values: { as?: string; exec?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        as: { type: 'string' },
        exec: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`docket: ${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  const env = loadEnv();
  const person = values.as ?? defaultPerson();
  const platforms = PLATFORMS.some((p) => p.configure(env) !== null);
  const consoleMode = Boolean(values.exec) || (!platforms && process.stdin.isTTY);
  // In the terminal chat, routine logs would drown the conversation: warnings and errors only.
  const log = createLogger(consoleMode && !process.env.LOG_LEVEL ? 'warn' : env.LOG_LEVEL);
  // Node prints process warnings on stderr, into the chat; they go to the log instead. Deprecations
  // come from libraries (pg warns about Prisma's overlapping queries in a transaction): debug only.
  process.removeAllListeners('warning');
  process.on('warning', (w) =>
    w.name === 'DeprecationWarning'
      ? log.debug({ warning: w.name, code: (w as { code?: string }).code }, w.message)
      : log.warn({ warning: w.name, code: (w as { code?: string }).code }, w.message),
  );
  const app = await createApp(env, { log });
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const filesDir = path.resolve('data', 'files');

  if (values.exec) {
    const write = (t: string) => void process.stdout.write(`${t}\n`);
    // What the commands send on their own (a join request to the secretariat…) is printed too.
    app.docket.attach(consolePlatform({ write, color, filesDir }));
    const errors = await runScript(app.docket, person, values.exec, { write, color, filesDir });
    await app.docket.drain();
    await app.close();
    process.exit(errors > 0 ? 1 : 0);
  }

  // Notifications print above the prompt once the chat is open.
  let print = (text: string): void => void process.stdout.write(`\n${text}\n`);
  const running = await startServer(app, env, {
    extra: consoleMode ? [consolePlatform({ write: (t) => print(t), color, filesDir })] : [],
    // The chat needs no HTTP port: a taken one only turns health checks and the API off.
    httpOptional: consoleMode,
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
    await interactive(app.docket, person, process.stdin, process.stdout, {
      filesDir,
      onPrint: (write) => (print = write),
    });
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
