// Every command refuses bad input with a clear, localised message naming the input, and writes
// nothing; text that merely looks dangerous (SQL, markup, emoji, right-to-left) is stored verbatim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';
import { quote } from '../../src/core/parse.ts';

const LONG = 'x'.repeat(5000);
const GOOD_LEARNING = 'title:"Good title" summary:"A summary that is long enough." themes:sdg16';
const GOOD_COMMITMENT =
  'title:"Good commitment" member:Chile plan:2024-2026 description:"A description long enough." themes:access_to_justice';

/** [command line, the input the error must name ('' for the whole line)] */
const CASES: [string, string][] = [
  ['/learning share', 'title'],
  [`/learning share title:"" summary:"A summary that is long enough." themes:sdg16`, 'title'],
  [`/learning share title:"${LONG}" summary:"A summary that is long enough." themes:sdg16`, 'title'],
  [`/learning share ${GOOD_LEARNING} url:not-a-url`, 'url'],
  [`/learning share ${GOOD_LEARNING} url:javascript:alert(1)`, 'url'],
  ['/learning share title:"Good title" summary:"A summary that is long enough." themes:cooking', 'themes'],
  [`/learning share ${GOOD_LEARNING} colour:blue`, 'colour'],
  [`/learning share ${GOOD_LEARNING} title:"again"`, 'title'],
  [`/learning share title:"Bell\u0007title" summary:"A summary that is long enough." themes:sdg16`, 'title'],
  ['/learning search query:x', 'query'],
  ['/learning list page:two', 'page'],
  ['/learning list page:0', 'page'],
  ['/learning show', 'id'],
  ['/learning show M3', 'id'],
  ['/learning show L99', ''],
  [`/commitment log ${GOOD_COMMITMENT} plan:2024`, 'plan'],
  [`/commitment log ${GOOD_COMMITMENT.replace('plan:2024-2026', 'plan:2026-2024')}`, 'plan'],
  [`/commitment log ${GOOD_COMMITMENT} people_centred:perhaps`, 'people_centred'],
  [`/commitment log ${GOOD_COMMITMENT} ogp_id:"KE 0034; DROP TABLE"`, 'ogp_id'],
  [`/commitment log ${GOOD_COMMITMENT} sdg:sixteen`, 'sdg'],
  ['/commitment update C1 completion:done note:"Something happened."', 'completion'],
  ['/commitment update C77 limited "Something happened."', ''],
  ['/commitment update C1 limited "Something happened." evidence:ftp://example.org/x', 'evidence'],
  ['/commitment show C0x', 'id'],
  ['/meeting schedule title:"Call" start:tomorrow link:https://meet.example.org/a', 'start'],
  ['/meeting schedule title:"Call" start:"2020-01-01 10:00" link:https://meet.example.org/a', 'start'],
  // Year 9999 in a zone east of UTC is year 10000 in UTC, which SQLite would store as +010000-….
  [
    '/meeting schedule title:"Far" start:"9999-12-31 23:00" timezone:Asia/Tokyo link:https://meet.example.org/a',
    'start',
  ],
  ['/meeting schedule title:"Far" start:"2032-01-01 10:00" link:https://meet.example.org/a', 'start'],
  ['/meeting reschedule M1 start:"9999-12-31 23:00"', 'start'],
  [
    '/meeting schedule title:"Call" start:"2027-01-01 10:00" link:https://meet.example.org/a timezone:Mars/Olympus',
    'timezone',
  ],
  [
    '/meeting schedule title:"Call" start:"2027-01-01 10:00" link:https://meet.example.org/a duration:100000',
    'duration',
  ],
  ['/meeting schedule title:"Call" start:"2027-01-01 10:00" kind:in_person', 'location'],
  ['/meeting rsvp M1 perhaps', 'answer'],
  ['/meeting rsvp M404 yes', ''],
  ['/meeting cancel M404', ''],
  ['/meeting ics', 'id'],
  ['/member join', 'organization'],
  ['/member join "Org" type:ngo', 'type'],
  ['/member profile timezone:Paris', 'timezone'],
  ['/member profile locale:de', 'locale'],
  ['/member link code:1234', 'code'],
  ['/member link code:ABCDEFGH', ''],
  ['/coalition settings reminders:"soon"', 'reminders'],
  ['/coalition help command:party', ''],
  ['/learning', ''],
  ['/nosuch thing', ''],
];

describe.each(PROVIDERS)('bad input on %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
    await joined(h, 'sec', 'Secretariat', 'multilateral');
    await joined(h, 'gov', 'Gobierno de Chile', 'government');
    await h.run('gov', `/commitment log ${GOOD_COMMITMENT}`);
    await h.run(
      'gov',
      '/meeting schedule title:"Existing" start:"2027-01-01 10:00" link:https://meet.example.org/a',
    );
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider)).each(CASES)(
    '%s → error naming "%s", nothing written',
    async (line, field) => {
      const before = await h.counts();
      const out = await h.run('sec', line);
      expect(out.ok).toBe(false);
      expect(out.reply.tone).toBe('error');
      expect(out.reply.visibility).toBe('ephemeral');
      const text = (out.reply.lines ?? []).join('\n');
      expect(text.length).toBeGreaterThan(10);
      if (field) expect(text).toMatch(new RegExp(`• ${field}: `));
      expect(await h.counts()).toEqual(before);
    },
  );

  /** Errors that say what to fix: the exact words a person reads. */
  it.skipIf(!available(provider)).each([
    ['sec', '/learning list page:1.5', ['• page: must be a whole number']],
    ['sec', '/member link code:x', ['• code: must be the 8-character code that /member link showed you']],
    ['sec', '/digest lastweek', ['• week: must be an ISO week such as 2026-W48']],
    [
      'sec',
      '/digest week:2026-W49',
      ['• week: week 2026-W49 has not begun yet; pick a past or the current week'],
    ],
    [
      'sec',
      '/coalition settings reminders:"0, -5, 99999999"',
      ['• reminders: must be minutes before the meeting, such as 1440, 60 (5 to 20160)'],
    ],
    [
      'nobody',
      `/commitment log ${GOOD_COMMITMENT}`,
      ['Join an organisation first: /member join organization:"Your organisation" type:civil_society.'],
    ],
  ] as const)('%s: %s says what to fix', async (who, line, expected) => {
    const before = await h.counts();
    const out = await h.run(who, line);
    expect(out.reply.lines).toEqual(expected);
    expect(await h.counts()).toEqual(before);
  });

  it.skipIf(!available(provider))('says a search found nothing, not that the list is empty', async () => {
    const out = await h.run('sec', '/learning search query:"nothing like this"');
    expect(out.reply.lines).toEqual([
      'No learning matches “nothing like this”. Try other words, a theme, or /learning list.',
    ]);
  });

  it.skipIf(!available(provider))('lists every problem at once with the syntax', async () => {
    const out = await h.run('sec', '/learning share title:ab url:nope');
    expect(out.reply.lines).toEqual([
      '• title: too short: at least 3 characters',
      '• summary: required',
      '• themes: required',
      '• url: must be a web address starting with https://',
    ]);
    expect(out.reply.footer).toBe(
      '/learning share title:… summary:… themes:… [url:…] [country:…] [language:…]',
    );
    expect(out.missing?.map((f) => f.key)).toEqual(['summary', 'themes']);
  });

  it.skipIf(!available(provider))(
    'stores SQL-looking, markup, emoji and right-to-left text verbatim',
    async () => {
      const title = 'Robert\'); DROP TABLE "Learning";-- <b>📚</b>';
      const summary = 'العدالة للجميع — justicia para todos 🌍⚖️ %_\\';
      const out = await h.run(
        'gov',
        `/learning share title:${quote(title)} summary:${quote(summary)} themes:sdg16`,
      );
      expect(out.ok).toBe(true);
      const row = await h.db.learning.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(row.title).toBe(title);
      expect(row.summary).toBe(summary);
      expect(await h.text('gov', '/learning search العدالة')).toContain(title);
      // LIKE wildcards in a query are literal characters, not patterns.
      expect(await h.text('gov', '/learning search query:"%_"')).toContain(title);
      expect(await h.text('gov', '/learning search query:"_%"')).toContain('No learning matches “_%”.');
    },
  );
});
