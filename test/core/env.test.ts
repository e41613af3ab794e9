import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/core/env.ts';

describe('loadEnv', () => {
  it('gives the documented defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      DATABASE_URL: 'file:./data/docket.db',
      PORT: 3000,
      LOG_LEVEL: 'info',
      DOCKET_TIMEZONE: 'UTC',
      DOCKET_LOCALE: 'en',
      DOCKET_ADMINS: [],
    });
    expect(env.SLACK_API_URL).toBe('https://slack.com/api/');
    expect(env.DISCORD_API_URL).toBe('https://discord.com/api');
  });

  it('parses admins and treats empty values as unset', () => {
    expect(
      loadEnv({ DOCKET_ADMINS: 'slack:U123, discord:456,console:alice', SLACK_BOT_TOKEN: '' }).DOCKET_ADMINS,
    ).toEqual(['slack:U123', 'discord:456', 'console:alice']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DOCKET_TIMEZONE: 'Mars/Olympus' }, 'DOCKET_TIMEZONE'],
    [{ DOCKET_LOCALE: 'de' }, 'DOCKET_LOCALE'],
    [{ DOCKET_ADMINS: 'U123' }, 'DOCKET_ADMINS'],
    [{ DOCKET_API_TOKEN: 'short' }, 'DOCKET_API_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ DISCORD_TOKEN: 'abc' }, 'DISCORD_APPLICATION_ID'],
    [{ SMTP_URL: 'http://mail.example.org' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://u:p@mail.example.org:587' }, 'DOCKET_MAIL_FROM'],
    [{ DOCKET_MAIL_FROM: 'Docket, Team <a@b.org>' }, 'DOCKET_MAIL_FROM'],
    [{ DOCKET_MAIL_FROM: 'nobody' }, 'DOCKET_MAIL_FROM'],
    [{ DOCKET_INBOUND_MAIL_SECRET: 'short' }, 'DOCKET_INBOUND_MAIL_SECRET'],
    [{ DOCKET_PUBLIC_URL: 'ftp://docket.example.org' }, 'DOCKET_PUBLIC_URL'],
    [{ DOCKET_DKIM_PRIVATE_KEY: 'not-a-key-nor-a-file' }, 'DOCKET_DKIM_PRIVATE_KEY'],
    [{ DOCKET_DKIM_SELECTOR: 'two words' }, 'DOCKET_DKIM_SELECTOR'],
  ])('stops on %o naming %s', (source, name) => {
    expect(() => loadEnv(source)).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('reads the mail settings: SMTP with its sender, a public URL, a DKIM key given inline', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const env = loadEnv({
      SMTP_URL: 'smtps://docket:secret@mail.example.org:465',
      DOCKET_MAIL_FROM: 'OGP Justice Coalition <docket@example.org>',
      DOCKET_PUBLIC_URL: 'https://docket.example.org/',
      DOCKET_INBOUND_MAIL_SECRET: 'a-long-enough-inbound-secret',
      // As a one-line secret store keeps it: newlines written as \n.
      DOCKET_DKIM_PRIVATE_KEY: pem.replace(/\n/g, '\\n'),
    });
    expect(env).toMatchObject({
      SMTP_URL: 'smtps://docket:secret@mail.example.org:465',
      DOCKET_MAIL_FROM: 'OGP Justice Coalition <docket@example.org>',
      DOCKET_PUBLIC_URL: 'https://docket.example.org',
      DOCKET_DKIM_SELECTOR: 'docket',
    });
    expect(env.DOCKET_DKIM_PRIVATE_KEY).toBe(pem);
    // Without SMTP, mail goes to files: nothing else is required.
    expect(loadEnv({}).SMTP_URL).toBeUndefined();
  });

  it('never echoes a secret in its message', () => {
    try {
      loadEnv({ SLACK_BOT_TOKEN: 'xoxb-very-secret', PORT: 'x' });
    } catch (error) {
      expect((error as Error).message).not.toContain('xoxb-very-secret');
    }
  });
});
