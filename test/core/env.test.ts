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
  ])('stops on %o naming %s', (source, name) => {
    expect(() => loadEnv(source)).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('never echoes a secret in its message', () => {
    try {
      loadEnv({ SLACK_BOT_TOKEN: 'xoxb-very-secret', PORT: 'x' });
    } catch (error) {
      expect((error as Error).message).not.toContain('xoxb-very-secret');
    }
  });
});
