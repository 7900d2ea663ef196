import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';
import { clientOf, Transaction } from '../database/unit-of-work';

export interface ListRow {
  id: string;
  name: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ItemRow {
  id: string;
  listId: string;
  text: string | null;
  productId: string | null;
  quantity: number;
  note: string | null;
  checked: boolean;
  position: number;
  inCartAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewItemRow {
  text?: string;
  productId?: string;
  quantity: number;
  note?: string;
}

export type ItemChange = Partial<Pick<ItemRow, 'text' | 'productId' | 'quantity' | 'note' | 'checked' | 'inCartAt'>>;

const LIST = {
  id: true,
  name: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ShoppingListSelect;
const nameKeyOf = (name: string) => name.toLowerCase();

function isPrismaError(error: unknown, code: string): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

/**
 * The ShoppingList and ShoppingListItem tables. Every finder takes the owner's user id, so another
 * user's list is simply not found. Writes that must commit together take the caller's transaction.
 */
@Injectable()
export class ShoppingListRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Serializes list creation per user (the count limit), on the user's row. */
  async lockUser(tx: Transaction, userId: string): Promise<void> {
    await clientOf(this.prisma, tx).$queryRaw`select 1 from "User" where id = ${userId}::uuid for update`;
  }

  countLists(userId: string, tx?: Transaction): Promise<number> {
    return clientOf(this.prisma, tx).shoppingList.count({ where: { userId } });
  }

  /** Undefined when the user already has a list of that name (any case). */
  async createList(tx: Transaction, userId: string, name: string): Promise<ListRow | undefined> {
    try {
      return await clientOf(this.prisma, tx).shoppingList.create({
        data: { userId, name, nameKey: nameKeyOf(name) },
        select: LIST,
      });
    } catch (error) {
      if (isPrismaError(error, 'P2002')) return undefined;
      throw error;
    }
  }

  /** Most recently changed first. */
  listPage(userId: string, start: number, limit: number): Promise<ListRow[]> {
    return this.prisma.shoppingList.findMany({
      where: { userId },
      orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
      skip: start,
      take: limit,
      select: LIST,
    });
  }

  /** Items and unchecked items per list. */
  async itemCounts(listIds: string[]): Promise<Map<string, { items: number; unchecked: number }>> {
    const groups = await this.prisma.shoppingListItem.groupBy({
      by: ['listId', 'checked'],
      where: { listId: { in: listIds } },
      _count: { _all: true },
    });
    const counts = new Map(listIds.map((id) => [id, { items: 0, unchecked: 0 }]));
    for (const group of groups) {
      const count = counts.get(group.listId)!;
      count.items += group._count._all;
      if (!group.checked) count.unchecked += group._count._all;
    }
    return counts;
  }

  async findList(userId: string, listId: string): Promise<ListRow | undefined> {
    return (await this.prisma.shoppingList.findFirst({ where: { id: listId, userId }, select: LIST })) ?? undefined;
  }

  async findListByName(userId: string, name: string): Promise<ListRow | undefined> {
    return (
      (await this.prisma.shoppingList.findUnique({
        where: { userId_nameKey: { userId, nameKey: nameKeyOf(name) } },
        select: LIST,
      })) ?? undefined
    );
  }

  async findLatestList(userId: string): Promise<ListRow | undefined> {
    return (
      (await this.prisma.shoppingList.findFirst({ where: { userId }, orderBy: { updatedAt: 'desc' }, select: LIST })) ??
      undefined
    );
  }

  /** In insertion order. */
  items(listId: string, tx?: Transaction): Promise<ItemRow[]> {
    return clientOf(this.prisma, tx).shoppingListItem.findMany({ where: { listId }, orderBy: { position: 'asc' } });
  }

  /**
   * Counts one change to the user's list and locks its row until the transaction ends, so changes
   * to one list apply one after another. Undefined when the user has no such list (or, with
   * `expectedVersion`, when it is at another version).
   */
  async bumpList(
    tx: Transaction,
    userId: string,
    listId: string,
    change: { name?: string; expectedVersion?: number } = {},
  ): Promise<ListRow | undefined> {
    try {
      return await clientOf(this.prisma, tx).shoppingList.update({
        where: {
          id: listId,
          userId,
          ...(change.expectedVersion !== undefined ? { version: change.expectedVersion } : {}),
        },
        data: {
          version: { increment: 1 },
          ...(change.name !== undefined ? { name: change.name, nameKey: nameKeyOf(change.name) } : {}),
        },
        select: LIST,
      });
    } catch (error) {
      if (isPrismaError(error, 'P2025')) return undefined;
      throw error;
    }
  }

  /**
   * As bumpList, giving the list a new name; 'name_taken' when another of the user's lists took
   * that name since the caller looked (the unique name index settles the race).
   */
  async renameList(
    tx: Transaction,
    userId: string,
    listId: string,
    name: string,
    expectedVersion?: number,
  ): Promise<ListRow | undefined | 'name_taken'> {
    try {
      return await this.bumpList(tx, userId, listId, { name, expectedVersion });
    } catch (error) {
      if (isPrismaError(error, 'P2002')) return 'name_taken';
      throw error;
    }
  }

  async deleteList(userId: string, listId: string): Promise<boolean> {
    return (await this.prisma.shoppingList.deleteMany({ where: { id: listId, userId } })).count > 0;
  }

  countItems(tx: Transaction, listId: string): Promise<number> {
    return clientOf(this.prisma, tx).shoppingListItem.count({ where: { listId } });
  }

  /** Inserts only: items other devices add at the same time are never overwritten. */
  addItems(tx: Transaction, listId: string, items: NewItemRow[]): Promise<ItemRow[]> {
    return clientOf(this.prisma, tx).shoppingListItem.createManyAndReturn({
      data: items.map((item) => ({ listId, ...item })),
    });
  }

  async findItem(listId: string, itemId: string, tx?: Transaction): Promise<ItemRow | undefined> {
    return (await clientOf(this.prisma, tx).shoppingListItem.findFirst({ where: { id: itemId, listId } })) ?? undefined;
  }

  /** Undefined when the item is gone, or (with `expectedVersion`) was changed since that version. */
  async updateItem(
    tx: Transaction,
    listId: string,
    itemId: string,
    change: ItemChange,
    expectedVersion?: number,
  ): Promise<ItemRow | undefined> {
    try {
      return await clientOf(this.prisma, tx).shoppingListItem.update({
        where: { id: itemId, listId, ...(expectedVersion !== undefined ? { version: expectedVersion } : {}) },
        data: { ...change, version: { increment: 1 } },
      });
    } catch (error) {
      if (isPrismaError(error, 'P2025')) return undefined;
      throw error;
    }
  }

  /** Applies one change to several items of the list; the ids not on it are left out of the answer. */
  async updateItems(tx: Transaction, listId: string, itemIds: string[], change: ItemChange): Promise<ItemRow[]> {
    const client = clientOf(this.prisma, tx);
    await client.shoppingListItem.updateMany({
      where: { listId, id: { in: itemIds } },
      data: { ...change, version: { increment: 1 } },
    });
    return client.shoppingListItem.findMany({ where: { listId, id: { in: itemIds } }, orderBy: { position: 'asc' } });
  }

  async removeItem(tx: Transaction, listId: string, itemId: string): Promise<boolean> {
    return (await clientOf(this.prisma, tx).shoppingListItem.deleteMany({ where: { id: itemId, listId } })).count > 0;
  }
}
