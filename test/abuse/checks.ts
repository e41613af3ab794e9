// What "nothing a member types reaches further than it should" means on each surface, as checks
// the abuse tests and the property test share.

/** Every string under `value`, with the path that leads to it. */
function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

const SLACK_TOKEN = /<[^<>]*>/g;
const DATE_TOKEN = /^<!date\^\d+\^[^|<>]*\|[^<>]*>$/;
const WEB_LINK = /^<https?:\/\/[^|<>\s]+(\|[^<>]*)?>$/;

/**
 * Slack markup that could act in a message: in the top-level `text` and every mrkdwn text, each
 * `<…>` must be a date token or a web link Docket made; `<!channel>`, `<!here>`, `<!everyone>`,
 * `<@U…>`, `<#C…>`, `<!subteam^…>` and disguised links `<url|label>` from member text are problems.
 * `links` lists the link targets found, so a test can check none points where a member chose.
 */
export function slackProblems(payload: unknown): { problems: string[]; links: string[] } {
  const problems: string[] = [];
  const links: string[] = [];
  const parsed = (t: string, where: string, allowTokens: boolean) => {
    for (const token of t.match(SLACK_TOKEN) ?? []) {
      if (allowTokens && DATE_TOKEN.test(token)) continue;
      if (allowTokens && WEB_LINK.test(token)) {
        links.push(token.slice(1, -1).split('|')[0]!);
        continue;
      }
      problems.push(`${where}: ${token}`);
    }
  };
  const walk = (node: unknown, where: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') {
      parsed(o.text, where, true);
      if (o.verbatim !== true) problems.push(`${where}: mrkdwn without verbatim`);
    }
    for (const [k, v] of Object.entries(o))
      if (k !== 'text' || typeof v !== 'string') walk(v, `${where}.${k}`);
  };
  const top = (payload as { text?: unknown }).text;
  // The top-level text is plain words: no markup at all, escaped like the blocks.
  if (typeof top === 'string') parsed(top, 'text', false);
  walk(payload, '');
  return { problems, links };
}

// A mention Discord would form: <@1>, <@!1>, <@&1>, <#1> (unless escaped with \) and @everyone/@here.
const DISCORD_MENTION = /(?<!\\)<(@[!&]?|#)\d|@(everyone|here)/;

/** Discord: no live mention form in what is shown, and `allowed_mentions` empty on every send. */
export function discordProblems(body: unknown): string[] {
  const problems: string[] = [];
  const b = body as Record<string, unknown> | null;
  if (!b || typeof b !== 'object') return problems;
  // An interaction callback carries the message under `data`.
  const message = (b.data && typeof b.data === 'object' ? b.data : b) as Record<string, unknown>;
  const shows = 'embeds' in message || 'content' in message;
  if (shows) {
    const allowed = (message.allowed_mentions ?? null) as { parse?: unknown } | null;
    if (!allowed || !Array.isArray(allowed.parse) || allowed.parse.length !== 0)
      problems.push(`allowed_mentions is ${JSON.stringify(message.allowed_mentions)}`);
  }
  // Messages show content and embeds; a scheduled event shows its name and description.
  const visible = {
    content: message.content,
    embeds: message.embeds,
    name: b.name,
    description: b.description,
  };
  for (const [path, s] of strings(visible)) if (DISCORD_MENTION.test(s)) problems.push(`${path}: ${s}`);
  for (const [path, s] of strings(message.components))
    if (path.endsWith('.label') && DISCORD_MENTION.test(s)) problems.push(`${path}: ${s}`);
  return problems;
}

/** The terminal: nothing but line breaks (and, with colour, Docket's own SGR codes) below U+0020. */
export function consoleProblems(text: string): string[] {
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
  const bad = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
  return [...plain.matchAll(bad)].map((m) => `U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** Hostile member text of every kind the attacks use. */
export const HOSTILE = {
  title:
    '<!channel> urgent <@U123> <#C42> <!subteam^S1|@board> @everyone @here <!everyone> <@700000000000000002> <@&1> <#300000000000000001>',
  summary:
    'Read <!here> <https://evil.example|the official report> now &lt; <https://evil.example> <@U999|ceo>',
  name: '<!channel> Boss <@U1>',
  organization: 'Ministry <!here> of <https://evil.example|Justice>',
  reason: 'Cancelled by <!channel>, see <https://evil.example|the new date>',
} as const;
