import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describe as fieldsOf, choice, int, ref, text } from '../../src/core/fields.ts';
import { assign, quote, tokenize } from '../../src/core/parse.ts';

const rsvp = fieldsOf(z.object({ id: ref('M'), answer: choice(['YES', 'NO', 'MAYBE'] as const) }));
const share = fieldsOf(
  z.object({ title: text({ max: 200 }), summary: text({ max: 2000 }), url: text({ max: 9 }).optional() }),
);
const search = fieldsOf(
  z.object({ query: text({ max: 100 }).optional(), page: int({ min: 1, max: 9 }).optional() }),
);

describe('tokenize', () => {
  it('reads key:value, quoted values, typographic quotes and escapes', () => {
    expect(tokenize('share title:"Open courts" themes:a,b “bare words” url:https://x.org/a?b=c')).toEqual([
      { value: 'share' },
      { key: 'title', value: 'Open courts' },
      { key: 'themes', value: 'a,b' },
      { value: 'bare words' },
      { key: 'url', value: 'https://x.org/a?b=c' },
    ]);
    expect(tokenize('note:"He said \\"yes\\" \\\\ then left"')).toEqual([
      { key: 'note', value: 'He said "yes" \\ then left' },
    ]);
    expect(tokenize('Ogp-Id:KE0034')).toEqual([{ key: 'ogp_id', value: 'KE0034' }]);
  });

  it('keeps an apostrophe inside a bare word', () => {
    expect(tokenize("Côte d'Ivoire")).toEqual([{ value: 'Côte' }, { value: "d'Ivoire" }]);
  });

  it('reads back whatever quote() writes', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 40 }), (value) => {
        const tokens = tokenize(`k:${quote(value)}`);
        expect(tokens).toEqual([{ key: 'k', value }]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('assign', () => {
  it('fills required inputs in order from bare values: /meeting rsvp M3 yes', () => {
    expect(assign('M3 yes', rsvp)).toEqual({ values: { id: 'M3', answer: 'yes' }, problems: [] });
    expect(assign('answer:no M3', rsvp)).toEqual({ values: { id: 'M3', answer: 'no' }, problems: [] });
  });

  it('lets the last free-text input take the remaining words', () => {
    expect(assign('"Court data" Publishing case data helped.', share).values).toEqual({
      title: 'Court data',
      summary: 'Publishing case data helped.',
    });
    expect(assign('open courts page:2', search).values).toEqual({ query: 'open courts', page: '2' });
  });

  it('names unknown, repeated and extra inputs', () => {
    expect(assign('M3 yes colour:red', rsvp).problems).toEqual([
      { field: 'colour', key: 'error.input.unknown', params: { known: 'id, answer' } },
    ]);
    expect(assign('id:M3 id:M4 yes', rsvp).problems).toEqual([
      { field: 'id', key: 'error.input.repeated', params: {} },
    ]);
    expect(assign('M3 yes and more', rsvp).problems).toEqual([
      { field: '', key: 'error.input.extra', params: { text: 'and more' } },
    ]);
  });
});
