import { findUnstorableText } from './storable-text';

describe('findUnstorableText', () => {
  it('names a NUL in a top-level field, with the rule and where it was', () => {
    expect(findUnstorableText({ name: 'a\u0000b' }, 'body')).toEqual([
      {
        field: 'name',
        rule: 'storableText',
        message: 'name (in the body) contains a NUL character (\\u0000), which cannot be stored',
      },
    ]);
  });

  it('names nested fields by dotted path, through arrays', () => {
    const errors = findUnstorableText({ items: [{ upc: '1' }, { upc: '\u0000' }] }, 'body');
    expect(errors.map((e) => e.field)).toEqual(['items.1.upc']);
  });

  it('refuses unpaired surrogates but keeps real astral characters', () => {
    expect(findUnstorableText({ a: 'x\uD800', b: '\uDC00y', c: 'milk 🥛' }, 'body').map((e) => e.field)).toEqual([
      'a',
      'b',
    ]);
  });

  it('checks field names, shown escaped', () => {
    const [error] = findUnstorableText({ nested: { 'a\u0000b': 1 } }, 'body');
    expect(error.field).toBe('nested.a\\u0000b');
    expect(error.message).toContain('has a name that contains a NUL');
  });

  it('checks a bare string and query arrays', () => {
    expect(findUnstorableText('\u0000', 'body').map((e) => e.field)).toEqual(['body']);
    expect(findUnstorableText({ term: ['ok', 'a\u0000'] }, 'query').map((e) => e.field)).toEqual(['term.1']);
  });

  it('accepts ordinary text, numbers, booleans and null', () => {
    expect(findUnstorableText({ a: 'Crème', b: 2, c: true, d: null, e: [] }, 'body')).toEqual([]);
  });

  it('reports at most 20 fields', () => {
    expect(
      findUnstorableText(
        Array.from({ length: 100 }, () => '\u0000'),
        'body',
      ),
    ).toHaveLength(20);
  });
});
