import type { Product } from '../products/products.contract';
import type { ListRow, ItemRow } from './shopping-list.repository';
import type { ListItem, ShoppingList } from './lists.contract';

export function toListItem(row: ItemRow, product?: Product): ListItem {
  return {
    itemId: row.id,
    ...(row.text !== null && { text: row.text }),
    ...(row.productId !== null && { productId: row.productId }),
    quantity: row.quantity,
    ...(row.note !== null && { note: row.note }),
    checked: row.checked,
    ...(row.inCartAt && { inCartAt: row.inCartAt.toISOString() }),
    position: row.position,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(product && {
      product: {
        name: product.name,
        ...(product.price && { price: product.price }),
        ...(product.stockLevel && { stockLevel: product.stockLevel }),
        ...(product.aisle && { aisle: product.aisle.description }),
      },
    }),
  };
}

export function listFields(list: ListRow) {
  return {
    listId: list.id,
    name: list.name,
    version: list.version,
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
  };
}

/**
 * The walk through the store: products by aisle (numbered aisles in number order, then the others
 * by name), then products the store places nowhere, then free-text items; insertion order within each.
 */
export function inStoreOrder(rows: ItemRow[], products: Map<string, Product>): ShoppingList['items'] {
  const keyed = rows.map((row) => {
    const product = row.productId ? products.get(row.productId) : undefined;
    const aisle = product?.aisle;
    const number = aisle ? Number.parseInt(aisle.number, 10) : Number.NaN;
    const group = aisle ? 0 : row.productId ? 1 : 2;
    return { item: toListItem(row, product), group, number, aisleName: aisle?.description ?? '' };
  });
  keyed.sort(
    (a, b) =>
      a.group - b.group ||
      compareAisleNumbers(a.number, b.number) ||
      a.aisleName.localeCompare(b.aisleName) ||
      a.item.position - b.item.position,
  );
  return keyed.map((k) => k.item);
}

/** Numbered aisles first, in number order; unnumbered ones (e.g. "PRODUCE") after. */
function compareAisleNumbers(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}
