import { z } from 'zod';
import { ValidationError } from '../errors/domain-error';
import { parseInput } from './parse-input';
import { decodeQuery } from './query-string';
import { ProductId, wholeNumber } from './values';

const Body = z.strictObject({
  items: z.array(z.strictObject({ productId: ProductId, quantity: wholeNumber(1, 99) })).max(2),
  note: z.string().optional(),
});

function errorsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).options.errors;
  }
  throw new Error('expected a validation error');
}

describe('parseInput', () => {
  it('names nested fields by dotted path, with a stable rule name and a sentence about the field', () => {
    expect(
      errorsOf(() => parseInput(Body, { items: [{ productId: '12', quantity: 0 }], extra: true, note: 3 }, 'body')),
    ).toEqual([
      { field: 'items.0.productId', rule: 'pattern', message: 'productId must be 13 digits' },
      { field: 'items.0.quantity', rule: 'minimum', message: 'quantity must be between 1 and 99' },
      { field: 'note', rule: 'type', message: 'note must be a string' },
      { field: 'extra', rule: 'unknownField', message: 'extra is not a known field' },
    ]);
  });

  it('says which fields are missing and which lists are too long', () => {
    expect(errorsOf(() => parseInput(Body, {}, 'body'))).toEqual([
      { field: 'items', rule: 'required', message: 'items must be present' },
    ]);
    const three = Array.from({ length: 3 }, () => ({ productId: '0001111041700', quantity: 1 }));
    expect(errorsOf(() => parseInput(Body, { items: three }, 'body'))).toEqual([
      { field: 'items', rule: 'maxItems', message: 'items may list at most 2 items' },
    ]);
  });

  it('places a path parameter under its own name', () => {
    expect(errorsOf(() => parseInput(ProductId, 'abc', 'path', ['id']))).toEqual([
      { field: 'id', rule: 'pattern', message: 'id must be 13 digits' },
    ]);
  });
});

describe('decodeQuery', () => {
  const Query = z.strictObject({
    limit: wholeNumber(1, 50).optional(),
    ids: z.array(ProductId).optional(),
    reveal: z.boolean().optional(),
    term: z.string().optional(),
  });

  it('reads query text as the declared types, so one schema serves REST and MCP', () => {
    expect(
      decodeQuery(Query, { limit: '10', ids: '0001111041700, 0000000003107', reveal: 'true', term: '42' }),
    ).toEqual({ limit: 10, ids: ['0001111041700', '0000000003107'], reveal: true, term: '42' });
  });

  it('leaves text that is not the declared type for the schema to refuse', () => {
    const decoded = decodeQuery(Query, { limit: 'ten', reveal: 'yes', term: ['a', 'b'] });
    expect(decoded).toEqual({ limit: 'ten', reveal: 'yes', term: ['a', 'b'] });
    expect(errorsOf(() => parseInput(Query, decoded, 'query'))!.map((error) => error.field)).toEqual([
      'limit',
      'reveal',
      'term',
    ]);
  });
});
