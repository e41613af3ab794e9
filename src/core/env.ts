import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { canonicalZone } from './zones.ts';

const optional = z.string().trim().min(1).optional();

/** `docket@example.org` or `Name <docket@example.org>`: no commas, no line breaks, one address. */
export const MAIL_FROM = /^(?:[^<>,\r\n"]{0,80}<)?[^\s@<>,"]+@[^\s@<>,"]+\.[^\s@<>,"]+>?$/;

/** A PEM private key, given inline or as the path of a file holding one. */
function pemOf(value: string): string | null {
  const text = value.includes('-----BEGIN') ? value.replace(/\\n/g, '\n') : readable(value);
  if (!text) return null;
  try {
    createPrivateKey(text);
    return text;
  } catch {
    return null;
  }
}
const readable = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

export const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
      .default('file:./data/docket.db'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    SLACK_SIGNING_SECRET: optional,
    SLACK_BOT_TOKEN: optional,
    SLACK_APP_TOKEN: optional,
    SLACK_API_URL: z.url().default('https://slack.com/api/'),
    SLACK_CLIENT_ID: optional,
    SLACK_CLIENT_SECRET: optional,
    SLACK_STATE_SECRET: optional,
    DOCKET_ENCRYPTION_KEY: z
      .string()
      .min(16, 'must be at least 16 characters (a base64 32-byte key is best)')
      .optional(),
    DISCORD_TOKEN: optional,
    DISCORD_APPLICATION_ID: optional,
    DISCORD_API_URL: z.url().default('https://discord.com/api'),
    DISCORD_GUILD_ID: optional,
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    DOCKET_ADMINS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^(slack|discord|console):[^:\s]+$/,
              'entries look like slack:U123,discord:456,console:alice',
            ),
        ),
      ),
    DOCKET_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    DOCKET_TIMEZONE: z
      .string()
      .default('UTC')
      .refine((zone) => canonicalZone(zone) !== null, 'must be an IANA time zone such as Europe/Paris')
      // Kept by its canonical name, as every zone Docket stores.
      .transform((zone) => canonicalZone(zone)!),
    DOCKET_LOCALE: z.enum(['en', 'fr', 'es']).default('en'),
    DOCKET_PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://docket.example.org' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://user:pass@host:587 or smtps://…:465')
      .optional(),
    DOCKET_MAIL_FROM: z
      .string()
      .trim()
      .regex(MAIL_FROM, 'must be an address, e.g. docket@example.org or "Docket <docket@example.org>"')
      .optional(),
    DOCKET_INBOUND_MAIL_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** DKIM signing of outgoing mail: a PEM private key (inline, `\n` allowed) or a file path. */
    DOCKET_DKIM_PRIVATE_KEY: z
      .string()
      .transform((v, ctx) => {
        const pem = pemOf(v);
        if (pem) return pem;
        ctx.addIssue({
          code: 'custom',
          message: 'must be a PEM private key, or the path of a file holding one',
        });
        return z.NEVER;
      })
      .optional(),
    DOCKET_DKIM_SELECTOR: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be a DNS label such as docket')
      .default('docket'),
  })
  .superRefine((env, ctx) => {
    const oauth = [env.SLACK_CLIENT_ID, env.SLACK_CLIENT_SECRET, env.SLACK_STATE_SECRET];
    if (oauth.some(Boolean) && !oauth.every(Boolean)) {
      const missing = (['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const).find(
        (k) => !env[k],
      )!;
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET',
      });
    }
    const slackCredential = Boolean(env.SLACK_BOT_TOKEN) || oauth.every(Boolean);
    if (Boolean(env.SLACK_SIGNING_SECRET) !== slackCredential) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SLACK_SIGNING_SECRET ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET'],
        message:
          'Slack needs SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN (one workspace) or the SLACK_CLIENT_* trio (OAuth)',
      });
    }
    if (oauth.every(Boolean) && env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_APP_TOKEN'],
        message:
          'Slack OAuth installs run over HTTP: unset SLACK_APP_TOKEN (Socket Mode) or the SLACK_CLIENT_* trio',
      });
    }
    if (oauth.every(Boolean) && !env.DOCKET_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['DOCKET_ENCRYPTION_KEY'],
        message: 'required with Slack OAuth: installations are stored encrypted',
      });
    }
    if (env.SMTP_URL && !env.DOCKET_MAIL_FROM) {
      ctx.addIssue({
        code: 'custom',
        path: ['DOCKET_MAIL_FROM'],
        message: 'required with SMTP_URL: the address invitations and digests come from',
      });
    }
    if (Boolean(env.DISCORD_TOKEN) !== Boolean(env.DISCORD_APPLICATION_ID)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.DISCORD_TOKEN ? 'DISCORD_APPLICATION_ID' : 'DISCORD_TOKEN'],
        message: 'Discord needs both DISCORD_TOKEN and DISCORD_APPLICATION_ID',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Parses the environment at boot; a bad value stops start-up with the variable's name. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Empty strings (`FOO=` in a .env file) mean "unset", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? 'environment')}: ${i.message}`);
  throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
}
