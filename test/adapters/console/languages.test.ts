// The README's console session, run by a person whose terminal speaks French or Spanish, shows no
// English: every word the console prints comes from the catalogue in the reader's language
// (command names, input keys and what was typed stay as typed).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../../src/adapters/console/console.adapter.ts';
import { catalogues, type Locale } from '../../../src/core/i18n/index.ts';
import { harness, type Harness } from '../../helpers/harness.ts';

const root = path.resolve(import.meta.dirname, '../../..');
/** The session the README shows, from its own text (so the test follows the README). */
const readmeSession = (): string[] =>
  [...readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/^alice> (\/.+)$/gm)].map((m) => m[1]!);

/**
 * Pieces of English a reader could see: each English message's literal text between
 * placeholders, when it differs from the reader's language and is long enough to be a phrase.
 */
function englishPhrases(locale: Locale): string[] {
  const phrases = new Set<string>();
  for (const [key, en] of Object.entries(catalogues.en)) {
    if (en === catalogues[locale][key as keyof typeof catalogues.en]) continue;
    for (const piece of en.split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|[#|]/)) {
      const phrase = piece.trim();
      if (phrase.length >= 12 && /\s/.test(phrase)) phrases.add(phrase);
    }
  }
  return [...phrases];
}

describe.each(['fr', 'es'] as const)('the README console session in %s', (locale) => {
  let h: Harness;
  const lang = process.env.LANG;
  beforeAll(async () => {
    process.env.LANG = locale === 'fr' ? 'fr_FR.UTF-8' : 'es_ES.UTF-8';
    h = await harness('sqlite', { locale: 'en' });
  });
  afterEach(() => undefined);
  afterAll(async () => {
    process.env.LANG = lang;
    await h?.close();
  });

  it('prints no English phrase', async () => {
    const out: string[] = [];
    const session = new ConsoleSession(h.docket, 'alice', {
      write: (t) => out.push(t),
      color: false,
      filesDir: path.join(root, 'data', 'test-files'),
    });
    out.push(session.banner());
    const lines = [
      ...readmeSession().filter((l) => !l.includes('locale:')),
      '/coalition help',
      '/coalition help command:meeting',
      '/meeting show M1',
      '/learning search nothing-like-this',
      '/learning share title:x',
      '1',
      '7',
      'hello',
      '/as bob',
    ];
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) await session.handle(line);
    const printed = out.join('\n');
    const english = englishPhrases(locale).filter((p) => printed.includes(p));
    expect(english).toEqual([]);
    // Sanity: the session really ran and spoke the reader's language.
    expect(printed).toContain(
      locale === 'fr' ? 'Vous écrivez maintenant en tant que bob.' : 'Ahora escribe como bob.',
    );
  });
});
