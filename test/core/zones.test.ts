// Zones are kept by their canonical IANA name whatever the case or alias typed; dates that
// schedule something are in the future and within five years.
import { describe, expect, it } from 'vitest';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { loadEnv } from '../../src/core/env.ts';
import { scheduledDay, scheduledStart } from '../../src/core/rules.ts';
import { canonicalZone } from '../../src/core/zones.ts';

describe('canonicalZone', () => {
  it.each([
    ['europe/paris', 'Europe/Paris'],
    ['EUROPE/PARIS', 'Europe/Paris'],
    ['america/bogota', 'America/Bogota'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['europe/kiev', 'Europe/Kyiv'],
    ['US/Eastern', 'America/New_York'],
    ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ])('%s → %s, whose VTIMEZONE carries the same TZID', (typed, canonical) => {
    expect(canonicalZone(typed)).toBe(canonical);
    if (canonical !== 'UTC')
      expect(String((tzlib_get_ical_block(canonical) as string[])[0])).toContain(`TZID:${canonical}\r\n`);
  });

  it.each(['Mars/Olympus', 'CET', 'EST', 'Paris', '', 'Europe/Paris\u202e', 'x'.repeat(80)])(
    'refuses %j',
    (typed) => expect(canonicalZone(typed)).toBeNull(),
  );

  it('keeps DOCKET_TIMEZONE by its canonical name', () => {
    expect(loadEnv({ DOCKET_TIMEZONE: 'europe/madrid' }).DOCKET_TIMEZONE).toBe('Europe/Madrid');
  });
});

describe('dates that schedule something', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  it('takes a start or a day ahead, within five years, read in the zone', () => {
    expect(scheduledStart('start', '2026-11-27 14:00', 'Europe/Paris', now)).toMatchObject({ ok: true });
    expect(scheduledDay('until', '2026-11-27', 'Europe/Paris', now)).toMatchObject({ ok: true });
    expect(scheduledDay('until', '2031-11-27', 'Europe/Paris', now)).toMatchObject({ ok: true });
  });
  it('refuses the past, beyond five years, and what is not a date', () => {
    expect(scheduledDay('due', '2026-11-26', 'Europe/Paris', now)).toMatchObject({
      ok: false,
      problem: { field: 'due', key: 'error.field.date_past' },
    });
    expect(scheduledDay('due', '2031-11-29', 'Europe/Paris', now)).toMatchObject({
      ok: false,
      problem: { key: 'meeting.too_far' },
    });
    expect(scheduledDay('due', '2027-02-30', 'Europe/Paris', now)).toMatchObject({
      ok: false,
      problem: { key: 'error.field.date' },
    });
    expect(scheduledStart('start', '2031-11-28 12:00', 'UTC', now)).toMatchObject({ ok: false });
  });
});
