// A terminal chat over the same core as Slack and Discord: type commands as a named person,
// switch person, press buttons by number. Also runs scripted commands (`--exec`).
import readline from 'node:readline';
import type { Docket, Invocation } from '../../core/docket.ts';
import { normalizeLocale } from '../../core/docket.ts';
import type { Button } from '../../core/reply.ts';
import type { Notifier } from '../../core/notify.ts';
import { toText } from './render.ts';

export interface ConsoleIO {
  write(text: string): void;
  color: boolean;
}

/** The console is one chat space; a person's platform id is their name (`console:alice`). */
export function consoleInvocation(
  person: string,
  line: string,
): Pick<
  Invocation,
  'platform' | 'spaceId' | 'userId' | 'displayName' | 'localeHint' | 'timezoneHint' | 'channelId'
> & { command: string; text: string } {
  const [head = '', ...rest] = line.trim().replace(/^\//, '').split(/\s+/);
  return {
    platform: 'CONSOLE',
    spaceId: 'console',
    userId: person,
    displayName: person,
    localeHint: normalizeLocale(process.env.LC_ALL || process.env.LANG) ?? undefined,
    timezoneHint: Intl.DateTimeFormat().resolvedOptions().timeZone,
    channelId: 'console',
    command: head.toLowerCase(),
    text: rest.join(' '),
  };
}

export class ConsoleSession {
  private buttons: Button[] = [];

  constructor(
    private readonly docket: Docket,
    public person: string,
    private readonly io: ConsoleIO,
  ) {}

  /** Handles one typed line; returns false when the user asked to leave. */
  async handle(line: string): Promise<boolean> {
    const input = line.trim();
    if (input === '') return true;
    if (/^\/?(quit|exit)$/i.test(input)) return false;
    const as = /^\/as\s+(\S{1,40})$/i.exec(input);
    if (as) {
      this.person = as[1]!;
      this.io.write(`Now typing as ${this.person}.`);
      return true;
    }
    if (/^\/?help$/i.test(input)) return this.handle('/coalition help');
    if (/^\d{1,2}$/.test(input)) {
      const button = this.buttons[Number(input) - 1];
      if (!button) {
        this.io.write(
          this.buttons.length
            ? `Pick a button from 1 to ${this.buttons.length}.`
            : 'There is no button to press.',
        );
        return true;
      }
      await this.run({
        ...consoleInvocation(this.person, `/${button.command}`),
        sub: button.sub,
        input: button.input,
        text: undefined,
      });
      return true;
    }
    if (!input.startsWith('/')) {
      this.io.write('Commands start with /. Try /coalition help, /as NAME to switch person, /quit to leave.');
      return true;
    }
    await this.run(consoleInvocation(this.person, input));
    return true;
  }

  private async run(inv: Invocation): Promise<void> {
    const outcome = await this.docket.dispatch(inv);
    this.buttons = outcome.reply.buttons ?? [];
    this.io.write(
      toText(outcome.reply, { locale: outcome.locale, timeZone: outcome.timeZone, color: this.io.color }),
    );
  }
}

/** Runs the given lines in order as one person (`npm start -- --as alice --exec '/…'`). */
export async function runScript(
  docket: Docket,
  person: string,
  lines: string[],
  io: ConsoleIO,
): Promise<void> {
  const session = new ConsoleSession(docket, person, io);
  for (const line of lines) {
    io.write(`${person}> ${line}`);
    if (!(await session.handle(line))) break;
  }
}

export async function interactive(
  docket: Docket,
  person: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<void> {
  const color = Boolean((output as NodeJS.WriteStream).isTTY) && !process.env.NO_COLOR;
  const io: ConsoleIO = { write: (text) => output.write(`${text}\n`), color };
  const session = new ConsoleSession(docket, person, io);
  const words = docket.commands.flatMap((c) => [
    `/${c.name}`,
    ...docket.visibleSubs(c).map((s) => `/${c.name} ${s} `),
  ]);
  const rl = readline.createInterface({
    input,
    output,
    historySize: 200,
    completer: (line: string) => {
      const hits = words.filter((w) => w.startsWith(line));
      return [hits.length ? hits : words, line];
    },
  });
  io.write(
    `Docket console: you are ${person}. Type /coalition help for commands, /as NAME to switch person, a number to press a button, /quit to leave.`,
  );
  const prompt = () => {
    rl.setPrompt(`${session.person}> `);
    rl.prompt();
  };
  prompt();
  // Lines are handled one at a time, in order, even when pasted together.
  let queue = Promise.resolve(true);
  await new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      queue = queue.then(async (open) => {
        if (!open) return false;
        const keep = await session.handle(line);
        if (keep) prompt();
        else rl.close();
        return keep;
      });
    });
    rl.on('close', () => resolve());
  });
  await queue;
}

/** The console's notifier: what the bot sends on its own is printed, addressed to its reader. */
export function consoleNotifier(io: ConsoleIO): Notifier {
  return {
    platform: 'CONSOLE',
    async send(to, message) {
      io.write(
        `📬 ${to.userId ? `to ${to.userId}` : `in #${to.channelId}`}\n${toText(message.reply, { locale: message.locale, timeZone: message.timeZone, color: io.color })}`,
      );
    },
  };
}
