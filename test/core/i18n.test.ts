import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { descriptionKey, optionKey } from '../../src/core/command.ts';
import { describe as fieldsOf } from '../../src/core/fields.ts';
import { catalogues, format, translator, type MessageKey } from '../../src/core/i18n/index.ts';
import { en } from '../../src/core/i18n/en.ts';
import { COMPLETIONS, MEETING_KINDS, ORG_TYPES, RSVP_ANSWERS, THEMES } from '../../src/services/types.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  for (const locale of ['fr', 'es'] as const) {
    it(`${locale} has every English key, no other, with the same placeholders and plural forms`, () => {
      const catalogue = catalogues[locale];
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as MessageKey[]) {
        expect(catalogue[key].trim(), `${locale} ${key} is empty`).not.toBe('');
        expect(placeholders(catalogue[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
        expect(catalogue[key].split('|').length, `${locale} ${key} plural forms`).toBe(
          en[key].split('|').length,
        );
      }
    });
  }

  it('describes every command, sub-command and input, and names every enum value, in all languages', () => {
    const needed = new Set<string>();
    for (const c of commands) {
      needed.add(descriptionKey(c.name));
      for (const [name, s] of Object.entries(c.subcommands)) {
        needed.add(descriptionKey(c.name, name));
        for (const f of fieldsOf(s.input)) needed.add(optionKey(f.key));
      }
    }
    for (const v of THEMES) needed.add(`theme.${v}`);
    for (const v of ORG_TYPES) needed.add(`orgType.${v}`);
    for (const v of COMPLETIONS) needed.add(`completion.${v}`);
    for (const v of MEETING_KINDS) needed.add(`kind.${v}`);
    for (const v of RSVP_ANSWERS) needed.add(`answer.${v}`);
    const missing = [...needed].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('keeps command and option descriptions within Discord’s 100 characters', () => {
    for (const locale of ['en', 'fr', 'es'] as const) {
      for (const [key, value] of Object.entries(catalogues[locale])) {
        if (key.startsWith('cmd.') || key.startsWith('opt.'))
          expect(value.length, `${locale} ${key}`).toBeLessThanOrEqual(100);
      }
    }
  });

  it('chooses plural forms by each language’s rules', () => {
    expect(format('en', 'a {count} thing|{count} things', { count: 0 })).toBe('0 things');
    expect(format('fr', '{count} personne|{count} personnes', { count: 0 })).toBe('0 personne');
    expect(translator('es')('meeting.minutes', { count: 1 })).toBe('1 minuto');
    expect(translator('en')('meeting.minutes', { count: 90 })).toBe('90 minutes');
  });
});
