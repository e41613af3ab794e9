// Abuse: input that would be stored wrong or come back out acting. Zones are stored canonically;
// controls, bidi overrides and newlines are refused in single-line fields and removed from long
// text; links are web links; names a platform reports are cleaned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';
import { consoleProblems } from './checks.ts';

const RLO = '\u202e';
const CSI = '\u009b'; // C1 control sequence introducer: a terminal reads it as ESC [

describe.each(PROVIDERS)('abuse: input on %s', (provider) => {
  let h: Harness;
  /** Runs typed inputs (as Discord options or a form send them, newlines and all). */
  const typed = (person: string, command: string, sub: string, input: Record<string, string>) =>
    h.run(person, `/${command}`, { sub, input, text: undefined });
  const refusedWith = async (run: () => ReturnType<Harness['run']>) => {
    const before = await h.counts();
    const out = await run();
    expect(out.ok).toBe(false);
    expect(await h.counts()).toEqual(before);
    return out.reply.lines ?? [];
  };
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
    await joined(h, 'ana', 'Ministerio de Justicia', 'government');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'a lower-case zone is stored by its canonical name, and the .ics names it with its VTIMEZONE',
    async () => {
      expect((await h.run('ana', '/member profile timezone:america/bogota')).ok).toBe(true);
      expect((await h.db.person.findFirstOrThrow({ where: { displayName: 'ana' } })).timezone).toBe(
        'America/Bogota',
      );
      const out = await h.run(
        'ana',
        '/meeting schedule title:"Working group" start:"2027-01-12 15:00" timezone:asia/calcutta link:https://meet.example.org/wg',
      );
      expect(out.ok).toBe(true);
      expect((await h.db.meeting.findFirstOrThrow()).timezone).toBe('Asia/Kolkata');
      const ics = (await h.run('ana', '/meeting ics M1')).reply.attachments![0]!.content;
      expect(ics).toContain('DTSTART;TZID=Asia/Kolkata:20270112T150000');
      expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Kolkata\r\n');
      expect(ics).not.toMatch(/TZID=asia/);
      expect((await h.run('sec', '/coalition settings timezone:europe/madrid')).ok).toBe(true);
      expect((await h.db.coalition.findFirstOrThrow()).timezone).toBe('Europe/Madrid');
    },
  );

  it.skipIf(!available(provider))(
    'a right-to-left override or a C1 control in a title or a name is refused, clearly',
    async () => {
      for (const bad of [
        `Budget ${RLO}txt.exe`,
        `Budget ${CSI}2J`,
        'Budget \u2066isolated\u2069',
        'Bell\u0007',
      ])
        expect(
          await refusedWith(() =>
            typed('ana', 'learning', 'share', {
              title: bad,
              summary: 'A summary long enough.',
              themes: 'sdg16',
            }),
          ),
        ).toEqual(['• title: contains invisible control or text-direction characters; retype it']);
      expect(await refusedWith(() => typed('ana', 'member', 'profile', { name: `ana${RLO}` }))).toEqual([
        '• name: contains invisible control or text-direction characters; retype it',
      ]);
      expect(
        await refusedWith(() =>
          typed('ana', 'member', 'join', { organization: `Evil${RLO}Org`, type: 'government' }),
        ),
      ).toEqual(['• organization: contains invisible control or text-direction characters; retype it']);
    },
  );

  it.skipIf(!available(provider))('a newline in a title is refused, from any platform', async () => {
    for (const title of ['Two\nlines', 'Carriage\rreturn', 'Line\u2028separator'])
      expect(
        await refusedWith(() =>
          typed('ana', 'meeting', 'schedule', {
            title,
            start: '2027-01-05 10:00',
            link: 'https://meet.example.org/x',
          }),
        ),
      ).toEqual(['• title: must be on one line']);
  });

  it.skipIf(!available(provider))(
    'long text keeps its lines and loses its controls and overrides: none is stored, none comes back out',
    async () => {
      const out = await typed('ana', 'learning', 'share', {
        title: 'Clean title',
        summary: `First line\r\nsecond ${RLO}line\u0007 with\u009b controls`,
        themes: 'sdg16',
      });
      expect(out.ok).toBe(true);
      const row = await h.db.learning.findFirstOrThrow({ where: { title: 'Clean title' } });
      expect(row.summary).toBe('First line\nsecond line with controls');
      expect(consoleProblems(await h.text('ana', '/learning show L1'))).toEqual([]);
    },
  );

  it.skipIf(!available(provider))(
    'a link must be a web address: no scripts, no markup, no spaces or quotes',
    async () => {
      for (const url of [
        'javascript:alert(1)',
        'https://evil.example/<!channel>',
        'https://evil.example|the official report',
        'https://evil.example/"onmouseover',
        `https://evil.example/${RLO}gpj.exe`,
      ])
        expect(
          await refusedWith(() =>
            typed('ana', 'learning', 'share', {
              title: 'A link',
              summary: 'A summary long enough.',
              themes: 'sdg16',
              url,
            }),
          ),
        ).toEqual(['• url: must be a web address starting with https://']);
    },
  );

  it.skipIf(!available(provider))(
    'a display name a platform reports is stored clean: one line, no controls or overrides',
    async () => {
      const slack = {
        platform: 'SLACK',
        spaceId: 'T1',
        userId: 'UHOSTILE',
        displayName: `Boss${RLO}\u0007\n<!channel>`,
      };
      expect((await h.run('x', '/learning list', slack)).ok).toBe(true);
      const p = await h.db.person.findFirstOrThrow({
        where: { identities: { some: { externalId: 'UHOSTILE' } } },
      });
      expect(p.displayName).toBe('Boss <!channel>');
    },
  );

  it.skipIf(!available(provider))('dates that schedule are in the future and within five years', async () => {
    for (const start of ['2020-01-01 10:00', '2032-01-01 10:00'])
      expect(
        (
          await refusedWith(() =>
            typed('ana', 'meeting', 'schedule', { title: 'Call', start, link: 'https://meet.example.org/x' }),
          )
        )[0],
      ).toMatch(/^• start: (this time has passed|this is more than five years ahead)/);
  });
});
