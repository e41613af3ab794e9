// A terminal chat over the same core as Slack and Discord: type commands as a named person,
// switch person, press buttons by number, fill forms at prompts. Also runs scripted commands
// (`--exec`). What the bot sends on its own is printed, addressed to its reader.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Docket } from '../../core/docket.ts';
import { translator, type Locale, type Translate } from '../../core/i18n/index.ts';
import type { Conversation, Form, InboundEvent, Outgoing, Platform, Speaker } from '../../core/platform.ts';
import { attachmentBytes, type Button } from '../../core/reply.ts';
import { neutralize } from '../../core/text.ts';
import { localeOfHint } from '../../core/locales.ts';
import { toText } from './render.ts';

export interface ConsoleIO {
  write(text: string): void;
  color: boolean;
  /** Asks one question (forms); absent when nobody is there to answer (scripts). */
  ask?(question: string): Promise<string | null>;
  /** Where attachments are saved (the person can open them from there). */
  filesDir: string;
}

/** The console's own language hint: the terminal's (LC_ALL, LANG), if it is one of ours. */
export const terminalLocale = (): string | undefined =>
  localeOfHint((process.env.LC_ALL || process.env.LANG || '').split('.')[0]) ?? undefined;

/** The console is one chat space; a person's platform id is their name (`console:alice`). */
export const consoleSpeaker = (person: string): Speaker => ({
  platform: 'CONSOLE',
  spaceId: 'console',
  userId: person,
  displayName: person,
  localeHint: terminalLocale(),
  // No zone hint: the machine's zone is not the person's (the one rule falls back to the coalition's).
  channelId: 'console',
});

/** A typed line as a command event. */
export function consoleCommand(person: string, line: string): InboundEvent {
  const [head = '', ...rest] = line.trim().replace(/^\//, '').split(/\s+/);
  return { ...consoleSpeaker(person), kind: 'command', command: head.toLowerCase(), text: rest.join(' ') };
}

/** Saves a reply's attachments; returns where each went, by file name. */
function saveFiles(dir: string, message: Outgoing): Record<string, string> {
  const saved: Record<string, string> = {};
  for (const a of message.reply.attachments ?? []) {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, path.basename(a.filename));
    writeFileSync(file, attachmentBytes(a));
    saved[a.filename] = path.relative(process.cwd(), file) || file;
  }
  return saved;
}

export class ConsoleSession {
  private buttons: { button: Button; ephemeral: boolean }[] = [];
  /** The language of the last answer: the console's own words follow it. */
  private locale: Locale;
  /** Commands that answered with an error (scripts exit 1 when any did). */
  errors = 0;

  constructor(
    private readonly docket: Docket,
    public person: string,
    private readonly io: ConsoleIO,
  ) {
    this.locale = (localeOfHint(terminalLocale()) ?? 'en') as Locale;
  }

  get t(): Translate {
    return translator(this.locale);
  }

  banner(): string {
    return this.t('console.banner', { person: this.person });
  }

  /** Handles one typed line; returns false when the user asked to leave. */
  async handle(line: string): Promise<boolean> {
    const input = line.trim();
    if (input === '') return true;
    if (/^\/?(quit|exit)$/i.test(input)) return false;
    // A console name is a platform id: printable, with no controls or direction overrides.
    const as = /^\/as\s+([^\s\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]{1,40})$/i.exec(input);
    if (as) {
      this.person = as[1]!;
      this.io.write(this.t('console.now_as', { person: this.person }));
      return true;
    }
    if (/^\/?help$/i.test(input)) return this.handle('/coalition help');
    if (/^\d{1,2}$/.test(input)) {
      const pressed = this.buttons[Number(input) - 1];
      if (!pressed) {
        this.io.write(
          this.buttons.length
            ? this.t('console.pick_button', { count: this.buttons.length })
            : this.t('console.no_button'),
        );
        return true;
      }
      const { command, sub, input: values, refresh } = pressed.button;
      await this.docket.handle(
        {
          ...consoleSpeaker(this.person),
          kind: 'button',
          button: { command, sub, input: values, refresh: Boolean(refresh) },
          source: { ephemeral: pressed.ephemeral },
        },
        this.conversation(),
      );
      return true;
    }
    if (!input.startsWith('/')) {
      this.io.write(this.t('console.commands_start'));
      return true;
    }
    await this.docket.handle(consoleCommand(this.person, input), this.conversation());
    return true;
  }

  private print(message: Outgoing, replaced: boolean) {
    this.locale = message.locale;
    if (message.reply.tone === 'error') this.errors++;
    this.buttons = (message.reply.buttons ?? []).map((button) => ({
      button,
      ephemeral: message.reply.visibility === 'ephemeral',
    }));
    const saved = saveFiles(this.io.filesDir, message);
    const text = toText(message, { color: this.io.color, saved });
    this.io.write(replaced ? `${this.t('console.updated')}\n${text}` : text);
    for (const file of Object.values(saved)) this.io.write(this.t('console.file_saved', { path: file }));
  }

  private conversation(): Conversation {
    const ask = this.io.ask;
    return {
      reply: async (message, how) => this.print(message, how.replace),
      ...(ask
        ? { forms: { limits: { maxFields: 50, compact: false }, open: (form) => this.fill(form, ask) } }
        : {}),
    };
  }

  /** Asks for each input of a form at the prompt, then submits it; problems are asked again. */
  private async fill(form: Form, ask: (q: string) => Promise<string | null>): Promise<void> {
    const t = translator(form.locale);
    this.io.write(t('console.form_intro', { title: form.title }));
    const values: Record<string, string> = {};
    let fields = form.fields;
    for (let attempt = 0; attempt < 3; attempt++) {
      for (const f of fields) {
        const hint = f.options ? ` (${f.options.map((o) => o.label).join(' | ')})` : '';
        const shown = values[f.key] ?? f.initial;
        // A pre-filled value may be member text: nothing in it may act on the terminal.
        const question = neutralize(
          `${f.label}${f.required ? '' : ` [${t('console.form_optional')}]`}${hint}${shown ? ` [${shown.replace(/\s+/g, ' ')}]` : ''}: `,
        );
        const answer = await ask(question);
        if (answer === null || answer.trim() === '/cancel') {
          this.io.write(t('console.form_cancelled'));
          return;
        }
        if (answer.trim() !== '') values[f.key] = answer.trim();
        else if (f.initial) values[f.key] = f.initial;
      }
      let rejected: Record<string, string> | null = null;
      await this.docket.handle(
        { ...consoleSpeaker(this.person), kind: 'form', form: form.state, input: values },
        {
          reply: async (message, how) => this.print(message, how.replace),
          rejectForm: async (errors) => {
            rejected = errors;
          },
        },
      );
      if (!rejected) return;
      const errors: Record<string, string> = rejected;
      this.io.write(
        [
          t('console.form_fix'),
          ...Object.entries(errors).map(([key, problem]) => `  • ${key}: ${neutralize(problem)}`),
        ].join('\n'),
      );
      fields = form.fields.filter((f) => f.key in errors);
      for (const f of fields) delete values[f.key];
      if (fields.length === 0) return;
    }
  }
}

/** Runs the given lines in order as one person; returns how many answered with an error. */
export async function runScript(
  docket: Docket,
  person: string,
  lines: string[],
  io: ConsoleIO,
): Promise<number> {
  const session = new ConsoleSession(docket, person, io);
  for (const line of lines) {
    io.write(`${session.person}> ${line}`);
    if (!(await session.handle(line))) break;
  }
  return session.errors;
}

export async function interactive(
  docket: Docket,
  person: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  o: { filesDir: string; onPrint?: (write: (text: string) => void) => void },
): Promise<void> {
  const color = Boolean((output as NodeJS.WriteStream).isTTY) && !process.env.NO_COLOR;
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
  let asking = false;
  const io: ConsoleIO = {
    write: (text) => output.write(`${text}\n`),
    color,
    filesDir: o.filesDir,
    ask: (question) =>
      new Promise((resolve) => {
        asking = true;
        let done = false;
        const closed = () => !done && ((done = true), resolve(null));
        rl.once('close', closed);
        rl.question(question, (answer) => {
          done = true;
          asking = false;
          rl.off('close', closed);
          resolve(answer);
        });
      }),
  };
  const session = new ConsoleSession(docket, person, io);
  const prompt = () => {
    rl.setPrompt(`${session.person}> `);
    rl.prompt();
  };
  // Notifications arrive while the person types: print them above the prompt, then redraw it.
  o.onPrint?.((text) => {
    readline.clearLine(output as NodeJS.WritableStream, 0);
    readline.cursorTo(output as NodeJS.WritableStream, 0);
    output.write(`${text}\n`);
    if (!asking) rl.prompt(true);
  });
  io.write(session.banner());
  prompt();
  // Lines are handled one at a time, in order, even when pasted together.
  let queue = Promise.resolve(true);
  await new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      if (asking) return;
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

/** The console as a platform: what the bot sends on its own is printed, addressed to its reader. */
export function consolePlatform(io: Pick<ConsoleIO, 'write' | 'color' | 'filesDir'>): Platform {
  let sent = 0;
  return {
    name: 'CONSOLE',
    capabilities: { threads: false, events: false },
    async send(to, message) {
      const t = translator(message.locale);
      const where = neutralize(
        to.userId
          ? t('console.to_person', { person: to.userId })
          : t('console.in_channel', { channel: to.channelId ?? '' }),
      );
      const saved = saveFiles(io.filesDir, message);
      io.write(`📬 ${where}\n${toText(message, { color: io.color, saved })}`);
      return { channelId: to.channelId ?? `@${to.userId}`, messageId: String(++sent) };
    },
    async update(_space, ref, message) {
      io.write(
        `✎ ${translator(message.locale)('console.updated')} #${ref.messageId}\n${toText(message, { color: io.color })}`,
      );
    },
    async start() {},
    async stop() {},
  };
}
