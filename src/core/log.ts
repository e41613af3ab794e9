import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. Redaction is a safety net; callers never pass tokens or message text. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'docket' },
      redact: {
        paths: [
          'token',
          '*.token',
          'secret',
          '*.secret',
          'authorization',
          '*.authorization',
          'text',
          '*.text',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination(2),
  );
}
