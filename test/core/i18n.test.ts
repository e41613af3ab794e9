import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { descriptionKey, optionKey } from '../../src/core/command.ts';
import { describe as fieldsOf } from '../../src/core/fields.ts';
import { catalogues, format, LOCALES, translator, type MessageKey } from '../../src/core/i18n/index.ts';
import { COMPLETIONS, MEETING_KINDS, ORG_TYPES, RSVP_ANSWERS, THEMES } from '../../src/services/types.ts';

const en = catalogues.en;

/** Every argument a message uses, with its kind (plain, plural, select…), sorted: the contract. */
function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const e of elements) {
      if (
        e.type === TYPE.argument ||
        e.type === TYPE.number ||
        e.type === TYPE.date ||
        e.type === TYPE.time
      ) {
        found.add(`${e.value}`);
      } else if (e.type === TYPE.plural || e.type === TYPE.select) {
        found.add(`${e.value}:${e.type === TYPE.plural ? 'plural' : 'select'}`);
        for (const option of Object.values(e.options)) walk(option.value);
      } else if (e.type === TYPE.tag) {
        walk(e.children);
      }
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...found].sort();
}

describe('catalogues', () => {
  it('parse as ICU MessageFormat in every language', () => {
    for (const locale of LOCALES) {
      for (const [key, message] of Object.entries(catalogues[locale])) {
        expect(() => parse(message, { ignoreTag: true }), `${locale} ${key}`).not.toThrow();
      }
    }
  });

  for (const locale of ['fr', 'es'] as const) {
    it(`${locale} has every English key, no other, with the same arguments and plural/select`, () => {
      const catalogue = catalogues[locale];
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as MessageKey[]) {
        expect(catalogue[key].trim(), `${locale} ${key} is empty`).not.toBe('');
        expect(argumentsOf(catalogue[key]), `${locale} ${key}`).toEqual(argumentsOf(en[key]));
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
    for (const locale of LOCALES) {
      for (const [key, value] of Object.entries(catalogues[locale])) {
        if (key.startsWith('cmd.') || key.startsWith('opt.'))
          expect(value.length, `${locale} ${key}`).toBeLessThanOrEqual(100);
      }
    }
  });

  it('chooses plural forms by each language’s rules', () => {
    const things = '{count, plural, one {# thing} other {# things}}';
    expect(format('en', things, { count: 0 })).toBe('0 things');
    expect(format('en', things, { count: 1 })).toBe('1 thing');
    // French counts 0 as singular; English does not.
    expect(format('fr', '{count, plural, one {# personne} other {# personnes}}', { count: 0 })).toBe(
      '0 personne',
    );
    expect(translator('es')('meeting.minutes', { count: 1 })).toBe('1 minuto');
    expect(translator('en')('meeting.minutes', { count: 90 })).toBe('90 minutes');
    expect(translator('en')('error.field.too_short', { min: 1 })).toBe('too short: at least 1 character');
  });

  it('keeps markup-like text as text', () => {
    expect(format('en', 'Send <token> as {what}', { what: 'a header' })).toBe('Send <token> as a header');
  });
});
