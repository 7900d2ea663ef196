import { Injectable } from '@nestjs/common';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { Transaction, UnitOfWork } from '../database/unit-of-work';
import { AccountEventsService } from '../events/account-events.service';
import { Product } from '../products/products.contract';
import { ProductsService } from '../products/products.service';
import {
  itemNotFound,
  itemWouldBeEmpty,
  listNameTaken,
  listNotFound,
  tooManyItems,
  tooManyLists,
  versionConflict,
} from './list-errors';
import { inStoreOrder, listFields, toListItem } from './list-view';
import {
  LIST_LIMITS,
  ListItem,
  ListItems,
  ListPage,
  ListsQuery,
  ListSummary,
  NewListItem,
  ShoppingList,
  UpdateListItemRequest,
} from './lists.contract';
import { ItemChange, ItemRow, ListRow, ShoppingListRepository } from './shopping-list.repository';

export type ListChange =
  | 'created'
  | 'renamed'
  | 'deleted'
  | 'item_added'
  | 'item_updated'
  | 'item_removed'
  | 'items_checked'
  | 'items_in_cart';

/** The list MCP tools use when the user names none: created on first use. */
export const DEFAULT_LIST_NAME = 'Shopping list';
const CHANGE_MAX_WAIT_MS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Shopping lists, the same for REST and MCP. Items are rows: an add is an insert, a change touches
 * one item (optionally only at the version the client saw), so edits from several devices never
 * lose an item. Every change also counts up the list's version under its row lock, and is announced
 * as a `list.changed` event once committed.
 */
@Injectable()
export class ListsService {
  constructor(
    private readonly lists: ShoppingListRepository,
    private readonly uow: UnitOfWork,
    private readonly products: ProductsService,
    private readonly events: AccountEventsService,
  ) {}

  async page(userId: string, query: ListsQuery): Promise<ListPage> {
    const start = query.start ?? 0;
    const limit = query.limit ?? 20;
    const [rows, total] = await Promise.all([this.lists.listPage(userId, start, limit), this.lists.countLists(userId)]);
    return { data: await this.summaries(rows), pagination: { start, limit, total } };
  }

  private async summaries(rows: ListRow[]): Promise<ListSummary[]> {
    const counts = await this.lists.itemCounts(rows.map((r) => r.id));
    return rows.map((row) => {
      const count = counts.get(row.id)!;
      return { ...listFields(row), itemCount: count.items, uncheckedCount: count.unchecked };
    });
  }

  async create(userId: string, name: string): Promise<ShoppingList> {
    const list = await this.uow.run(async (tx) => {
      await this.lists.lockUser(tx, userId);
      if ((await this.lists.countLists(userId, tx)) >= LIST_LIMITS.listsPerUser) throw tooManyLists();
      return this.lists.createList(tx, userId, name);
    });
    if (!list) throw listNameTaken(name);
    await this.announce(userId, list, 'created');
    return { ...listFields(list), items: [] };
  }

  /** Items in the order of a walk through the store, priced there (read through the product cache). */
  async get(userId: string, listId: string, locationId?: string): Promise<ShoppingList> {
    const list = await this.requireList(userId, listId);
    const rows = await this.lists.items(list.id);
    const store = await this.products.storeFor(locationId, userId);
    const productIds = rows.flatMap((r) => (r.productId ? [r.productId] : []));
    const { products, note } = await this.productsAt(productIds, store, userId);
    return {
      ...listFields(list),
      ...(store && { locationId: store }),
      ...(note && { note }),
      items: inStoreOrder(rows, products),
    };
  }

  async rename(userId: string, listId: string, name: string, version?: number): Promise<ListSummary> {
    const named = await this.lists.findListByName(userId, name);
    if (named && named.id !== listId) throw listNameTaken(name);
    const list = await this.uow.run(async (tx) => {
      const renamed = await this.lists.renameList(tx, userId, listId, name, version);
      // Another rename to this name committed between the check above and this write.
      if (renamed === 'name_taken') throw listNameTaken(name);
      return renamed;
    });
    if (!list) {
      // Read after the transaction: the embedded database has one connection, which it holds.
      const current = await this.requireList(userId, listId);
      throw versionConflict('list', version!, current.version);
    }
    await this.announce(userId, list, 'renamed');
    return (await this.summaries([list]))[0];
  }

  async remove(userId: string, listId: string): Promise<void> {
    if (!(await this.lists.deleteList(userId, listId))) throw listNotFound(listId);
    await this.events.publish(userId, { type: 'list.changed', data: { listId, change: 'deleted' } });
  }

  async addItems(userId: string, listId: string, items: NewListItem[]): Promise<ListItems> {
    const { list, result } = await this.change(userId, listId, async (tx) => {
      const has = await this.lists.countItems(tx, listId);
      if (has + items.length > LIST_LIMITS.itemsPerList) throw tooManyItems(has, items.length);
      return this.lists.addItems(
        tx,
        listId,
        items.map((i) => ({ text: i.text, productId: i.productId, quantity: i.quantity ?? 1, note: i.note })),
      );
    });
    await this.announce(userId, list, 'item_added', result);
    return { listId, version: list.version, items: result.map((row) => toListItem(row)) };
  }

  async updateItem(userId: string, listId: string, itemId: string, request: UpdateListItemRequest): Promise<ListItem> {
    const { version, ...fields } = request;
    const { list, result } = await this.change(userId, listId, async (tx) => {
      const current = await this.lists.findItem(listId, itemId, tx);
      if (!current) throw itemNotFound(itemId);
      if (version !== undefined && current.version !== version)
        throw versionConflict('list_item', version, current.version);
      const change = itemChange(current, fields);
      const updated = await this.lists.updateItem(tx, listId, itemId, change, current.version);
      // The row lock of the list serializes changes, so the version read above still holds.
      if (!updated) throw itemNotFound(itemId);
      return updated;
    });
    await this.announce(userId, list, 'item_updated', [result]);
    return toListItem(result);
  }

  async removeItem(userId: string, listId: string, itemId: string): Promise<void> {
    const { list } = await this.change(userId, listId, async (tx) => {
      if (!(await this.lists.removeItem(tx, listId, itemId))) throw itemNotFound(itemId);
    });
    await this.events.publish(userId, {
      type: 'list.changed',
      data: { listId, change: 'item_removed', itemId, version: list.version },
    });
  }

  /** Checking an item off is idempotent and needs no version: whoever checks it last, it is checked. */
  async checkOff(userId: string, listId: string, itemIds: string[], checked = true): Promise<ListItems> {
    const { list, result } = await this.change(userId, listId, async (tx) => {
      const rows = await this.lists.updateItems(tx, listId, [...new Set(itemIds)], { checked });
      const missing = itemIds.find((id) => !rows.some((r) => r.id === id));
      if (missing) throw itemNotFound(missing);
      return rows;
    });
    await this.announce(userId, list, 'items_checked', result);
    return { listId, version: list.version, items: result.map((row) => toListItem(row)) };
  }

  /** Tags items as added to the Kroger cart (list-to-cart); nothing when the list is gone meanwhile. */
  async markInCart(userId: string, listId: string, itemIds: string[]): Promise<void> {
    if (itemIds.length === 0) return;
    const changed = await this.change(userId, listId, (tx) =>
      this.lists.updateItems(tx, listId, itemIds, { inCartAt: new Date() }),
    ).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'shopping_list.not_found') return undefined;
      throw error;
    });
    if (changed) await this.announce(userId, changed.list, 'items_in_cart', changed.result);
  }

  /** Adds products not already on the list unchecked (a collection import); the rest are reported. */
  async addProducts(
    userId: string,
    listId: string,
    products: { productId: string; quantity: number }[],
  ): Promise<{ added: ListItem[]; skipped: string[] }> {
    const { list, result } = await this.change(userId, listId, async (tx) => {
      const rows = await this.lists.items(listId, tx);
      const present = new Set(rows.filter((r) => !r.checked && r.productId).map((r) => r.productId));
      const fresh = products.filter((p) => !present.has(p.productId));
      if (rows.length + fresh.length > LIST_LIMITS.itemsPerList) throw tooManyItems(rows.length, fresh.length);
      const added = fresh.length ? await this.lists.addItems(tx, listId, fresh) : [];
      return { added, skipped: products.filter((p) => present.has(p.productId)).map((p) => p.productId) };
    });
    if (result.added.length) await this.announce(userId, list, 'item_added', result.added);
    return { added: result.added.map((row) => toListItem(row)), skipped: result.skipped };
  }

  /** The list and its rows, for list-to-cart. */
  async rowsOf(userId: string, listId: string): Promise<{ list: ListRow; items: ItemRow[] }> {
    const list = await this.requireList(userId, listId);
    return { list, items: await this.lists.items(list.id) };
  }

  /** The list an assistant means: by id, or by name (any case), else the most recently changed one. */
  async find(userId: string, ref: string | undefined): Promise<ListRow> {
    const found = await this.lookUp(userId, ref);
    if (found) return found;
    throw ref ? listNotFound(ref) : new NotFoundError('Shopping list', 'You have no shopping list yet.');
  }

  /** As find, but a name nobody has yet (or no list at all: DEFAULT_LIST_NAME) becomes a new list. */
  async findOrCreate(userId: string, ref: string | undefined): Promise<ListRow> {
    const found = await this.lookUp(userId, ref);
    if (found) return found;
    if (ref && UUID.test(ref)) throw listNotFound(ref);
    const name = ref ?? DEFAULT_LIST_NAME;
    await this.create(userId, name).catch((error: unknown) => {
      // Another device created it at the same moment: use that one.
      if (!(error instanceof DomainError && error.code === 'list.name_taken')) throw error;
    });
    return this.find(userId, name);
  }

  private lookUp(userId: string, ref: string | undefined): Promise<ListRow | undefined> {
    if (!ref) return this.lists.findLatestList(userId);
    return UUID.test(ref) ? this.lists.findList(userId, ref) : this.lists.findListByName(userId, ref);
  }

  private async requireList(userId: string, listId: string): Promise<ListRow> {
    const list = await this.lists.findList(userId, listId);
    if (!list) throw listNotFound(listId);
    return list;
  }

  /** One change to a list, in one transaction that counts up (and locks) the list first. */
  private async change<T>(
    userId: string,
    listId: string,
    work: (tx: Transaction) => Promise<T>,
  ): Promise<{ list: ListRow; result: T }> {
    return this.uow.run(
      async (tx) => {
        const list = await this.lists.bumpList(tx, userId, listId);
        if (!list) throw listNotFound(listId);
        return { list, result: await work(tx) };
      },
      // A burst of adds to one list queues on its row lock, each holding a pooled connection: waiting beats failing.
      { maxWaitMs: CHANGE_MAX_WAIT_MS },
    );
  }

  /** After the commit: ids and versions only, never the list's text (events may be logged). */
  private announce(userId: string, list: ListRow, change: ListChange, items: ItemRow[] = []): Promise<void> {
    return this.events.publish(userId, {
      type: 'list.changed',
      data: {
        listId: list.id,
        change,
        version: list.version,
        ...(items.length === 1 ? { itemId: items[0].id } : items.length > 1 ? { itemIds: items.map((i) => i.id) } : {}),
      },
    });
  }

  /** Kroger failing must not hide the user's own list: it is then shown without prices. */
  private async productsAt(
    productIds: string[],
    store: string | undefined,
    userId: string,
  ): Promise<{ products: Map<string, Product>; note?: string }> {
    if (productIds.length === 0) return { products: new Map() };
    try {
      const products = await this.products.getManyByIds(productIds, store, userId);
      return { products: new Map(products.map((p) => [p.productId, p])) };
    } catch (error) {
      if (!(error instanceof DomainError) || error.status < 429) throw error;
      return { products: new Map(), note: `Prices, stock and aisles are missing: ${error.detail}` };
    }
  }
}

/** The fields to write; a new product or quantity clears the in-cart tag (the cart has the old one). */
function itemChange(current: ItemRow, fields: Omit<UpdateListItemRequest, 'version'>): ItemChange {
  const change: ItemChange = { ...fields };
  const text = fields.text === undefined ? current.text : fields.text;
  const productId = fields.productId === undefined ? current.productId : fields.productId;
  if (text === null && productId === null) throw itemWouldBeEmpty();
  const productChanged = fields.productId !== undefined && fields.productId !== current.productId;
  const quantityChanged = fields.quantity !== undefined && fields.quantity !== current.quantity;
  if (productChanged || quantityChanged) change.inCartAt = null;
  return change;
}
