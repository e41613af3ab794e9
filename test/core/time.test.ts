import { describe, expect, it } from 'vitest';
import { formatInstant, parseLocal } from '../../src/core/time.ts';

describe('parseLocal', () => {
  it('reads wall-clock time in a zone, across daylight saving', () => {
    expect(parseLocal('2026-12-03 15:00', 'Europe/Paris')).toEqual({
      ok: true,
      at: new Date('2026-12-03T14:00:00Z'),
    });
    expect(parseLocal('2026-07-03 15:00', 'Europe/Paris')).toEqual({
      ok: true,
      at: new Date('2026-07-03T13:00:00Z'),
    });
    expect(parseLocal('2026-12-03T09:30', 'America/Bogota')).toEqual({
      ok: true,
      at: new Date('2026-12-03T14:30:00Z'),
    });
  });

  it('refuses impossible dates and times skipped by a clock change', () => {
    expect(parseLocal('2026-02-29 10:00', 'UTC')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseLocal('2026-13-01 10:00', 'UTC')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseLocal('2026-03-29 02:30', 'Europe/Paris')).toEqual({ ok: false, reason: 'gap' });
    expect(parseLocal('tomorrow', 'UTC')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('takes the first of the two readings of a repeated hour', () => {
    const r = parseLocal('2026-10-25 02:30', 'Europe/Paris');
    expect(r.ok && r.at.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('formatInstant', () => {
  it('shows an instant in the reader’s zone and language', () => {
    const at = new Date('2026-12-03T14:00:00Z');
    expect(formatInstant(at, 'en', 'Europe/Paris')).toBe('Thu 3 Dec 2026, 15:00 GMT+1');
    expect(formatInstant(at, 'fr', 'America/Bogota')).toBe('jeu. 3 déc. 2026, 09:00 UTC−5');
    expect(formatInstant(at, 'es', 'UTC')).toBe('jue 3 dic 2026, 14:00 UTC');
  });
});
