import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { IDEMPOTENT_REPLAYED } from '../common/contract/response-headers';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { IdempotencyService } from '../common/idempotency.service';
import { IdempotencyKeyHeader, sendStoredAnswer } from '../common/idempotency-http';
import { requestIdOf } from '../common/request-id';
import { ListCartService } from './list-cart.service';
import {
  AddListItemsRequest,
  AddListToCartRequest,
  CheckOffListItemsRequest,
  CreateListRequest,
  ImportCollectionRequest,
  ImportCollectionResult,
  ItemId,
  ListId,
  ListItem,
  ListItems,
  ListPage,
  ListQuery,
  ListsQuery,
  ListSummary,
  ListToCartResult,
  RenameListRequest,
  ShoppingList,
  UpdateListItemRequest,
} from './lists.contract';
import { ListsService } from './lists.service';

@ApiTags('lists')
@Controller('api/v1/lists')
export class ListsController {
  constructor(
    private readonly lists: ListsService,
    private readonly listCart: ListCartService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get()
  @Authenticated('read')
  @ApiOperation({ summary: 'Your shopping lists, most recently changed first' })
  @Returns(200, ListPage)
  @ProblemResponses(400)
  listShoppingLists(
    @CurrentPrincipal() principal: Principal,
    @Query({ schema: ListsQuery }) query: ListsQuery,
  ): Promise<ListPage> {
    return this.lists.page(principal.userId, query);
  }

  @Post()
  @Authenticated('lists:write')
  @ApiOperation({ summary: 'Create a shopping list (names are unique per user, whatever the case)' })
  @Returns(201, ShoppingList)
  @ProblemResponses(400, 409)
  createShoppingList(
    @CurrentPrincipal() principal: Principal,
    @Body({ schema: CreateListRequest }) body: CreateListRequest,
  ): Promise<ShoppingList> {
    return this.lists.create(principal.userId, body.name);
  }

  @Get(':listId')
  @Authenticated('read')
  @ApiOperation({
    summary:
      'One list, its items in aisle order at a store (locationId, or your preferred store) with price and stock; free-text items last',
  })
  @Returns(200, ShoppingList)
  @ProblemResponses(400, 404, 422)
  getShoppingList(
    @CurrentPrincipal() principal: Principal,
    @Param('listId', { schema: ListId }) listId: string,
    @Query({ schema: ListQuery }) query: ListQuery,
  ): Promise<ShoppingList> {
    return this.lists.get(principal.userId, listId, query.locationId);
  }

  @Patch(':listId')
  @Authenticated('lists:write')
  @ApiOperation({ summary: 'Rename a list; with version, only if nobody changed it since' })
  @Returns(200, ListSummary)
  @ProblemResponses(400, 404, 409)
  renameShoppingList(
    @CurrentPrincipal() principal: Principal,
    @Param('listId', { schema: ListId }) listId: string,
    @Body({ schema: RenameListRequest }) body: RenameListRequest,
  ): Promise<ListSummary> {
    return this.lists.rename(principal.userId, listId, body.name, body.version);
  }

  @Delete(':listId')
  @HttpCode(204)
  @Authenticated('lists:write')
  @ApiOperation({ summary: 'Delete a list and its items' })
  @Returns(204)
  @ProblemResponses(400, 404)
  deleteShoppingList(
    @CurrentPrincipal() principal: Principal,
    @Param('listId', { schema: ListId }) listId: string,
  ): Promise<void> {
    return this.lists.remove(principal.userId, listId);
  }

  @Post(':listId/items')
  @Authenticated('lists:write')
  @ApiOperation({ summary: 'Add items (free text, a product, or both); concurrent adds from other devices all land' })
  @Returns(201, ListItems)
  @ProblemResponses(400, 404, 409)
  addListItems(
    @CurrentPrincipal() principal: Principal,
    @Param('listId', { schema: ListId }) listId: string,
    @Body({ schema: AddListItemsRequest }) body: AddListItemsRequest,
  ): Promise<ListItems> {
    return this.lists.addItems(principal.userId, listId, body.items);
  }

  @Patch(':listId/items/:itemId')
  @Authenticated('lists:write')
  @ApiOperation({
    summary: 'Change one item; with version, 409 list_item.version_conflict when another device changed it first',
  })
  @Returns(200, ListItem)
  @ProblemResponses(400, 404, 409)
  updateListItem(
    @CurrentPrincipal() principal: Principal,
    @Param('listId', { schema: ListId }) listId: string,
    @Param('itemId', { schema: ItemId }) itemId: string,
    @Body({ schema: UpdateListItemRequest }) body: UpdateListItemRequest,
  ): Promise<ListItem> {
    return this.lists.updateItem(principal.userId, listId, itemId, body);
  }

  @Delete(':listId/items/:itemId')
  @HttpCode(204)
  @Authenticated('lists:write')
  @ApiOperation({ summary: 'Remove one item' })
  @Returns(204)
  @ProblemResponses(400, 404)
  removeListItem(
    @CurrentPrincipal() principal: Principal,
    @Param('listId', { schema: ListId }) listId: string,
    @Param('itemId', { schema: ItemId }) itemId: string,
  ): Promise<void> {
    return this.lists.removeItem(principal.userId, listId, itemId);
  }

  @Post(':listId/checked-items')
  @HttpCode(200)
  @Authenticated('lists:write')
  @ApiOperation({ summary: 'Check items off (or on again with checked: false)' })
  @Returns(200, ListItems)
  @ProblemResponses(400, 404)
  checkOffListItems(
    @CurrentPrincipal() principal: Principal,
    @Param('listId', { schema: ListId }) listId: string,
    @Body({ schema: CheckOffListItemsRequest }) body: CheckOffListItemsRequest,
  ): Promise<ListItems> {
    return this.lists.checkOff(principal.userId, listId, body.itemIds, body.checked);
  }

  @Post(':listId/cart-items')
  @Authenticated('cart:write', 'lists:write')
  @ApiOperation({
    summary:
      'Add every unchecked item with a product to the Kroger cart, as POST /api/v1/cart/items does; a result per item',
  })
  @IdempotencyKeyHeader('Same key and body: the first answer again, nothing added twice. Same key, other body: 422')
  @Returns(201, ListToCartResult, { headers: IDEMPOTENT_REPLAYED })
  @ProblemResponses(400, 404, 409, 422, 429, 501, 502, 503)
  async addListToCart(
    @CurrentPrincipal() principal: Principal,
    @Param('listId', { schema: ListId }) listId: string,
    @Body({ schema: AddListToCartRequest }) body: AddListToCartRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const result = await this.idempotency.run(principal.userId, key, { listId, ...body }, async () => ({
      status: 201,
      body: await this.listCart.addToCart(principal.userId, listId, {
        ...body,
        channel: 'rest',
        requestId: requestIdOf(req),
        idempotencyKey: key,
      }),
    }));
    return sendStoredAnswer(res, result);
  }

  @Post(':listId/collection-imports')
  @Authenticated('lists:write')
  @ApiOperation({ summary: "Copy a saved Kroger collection's products into the list (partner tier)" })
  @Returns(201, ImportCollectionResult)
  @ProblemResponses(400, 404, 409, 501, 502, 503)
  importCollectionToList(
    @CurrentPrincipal() principal: Principal,
    @Param('listId', { schema: ListId }) listId: string,
    @Body({ schema: ImportCollectionRequest }) body: ImportCollectionRequest,
  ): Promise<ImportCollectionResult> {
    return this.listCart.importCollection(principal.userId, listId, body.collectionId);
  }
}
