import type { Product } from '../products/products.contract';
import { inStoreOrder } from './list-view';
import type { ItemRow } from './shopping-list.repository';

const at = new Date('2026-11-23T12:00:00Z');
let position = 0;
function row(fields: Partial<ItemRow>): ItemRow {
  position += 1;
  return {
    id: `item-${position}`,
    listId: 'list',
    text: null,
    productId: null,
    quantity: 1,
    note: null,
    checked: false,
    position,
    inCartAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}
const product = (productId: string, aisle?: { number: string; description: string }) =>
  ({ productId, name: `Product ${productId}`, ...(aisle && { aisle }) }) as Product;

describe('inStoreOrder', () => {
  it('walks numbered aisles in number order, then named aisles, then unplaced products, then free text', () => {
    const rows = [
      row({ text: 'bananas' }),
      row({ productId: 'p12' }),
      row({ productId: 'produce' }),
      row({ productId: 'p2' }),
      row({ productId: 'nowhere' }),
      row({ text: 'candles' }),
      row({ productId: 'p2-again' }),
    ];
    const products = new Map([
      ['p12', product('p12', { number: '12', description: 'AISLE 12' })],
      ['p2', product('p2', { number: '2', description: 'AISLE 2' })],
      ['p2-again', product('p2-again', { number: '2', description: 'AISLE 2' })],
      ['produce', product('produce', { number: 'PRODUCE', description: 'PRODUCE' })],
      ['nowhere', product('nowhere')],
    ]);
    expect(inStoreOrder(rows, products).map((i) => i.productId ?? i.text)).toEqual([
      'p2',
      'p2-again',
      'p12',
      'produce',
      'nowhere',
      'bananas',
      'candles',
    ]);
  });

  it('keeps products Kroger does not know with the unplaced ones, without product details', () => {
    const items = inStoreOrder([row({ text: 'x' }), row({ productId: 'gone' })], new Map());
    expect(items.map((i) => [i.productId ?? i.text, i.product])).toEqual([
      ['gone', undefined],
      ['x', undefined],
    ]);
  });
});
