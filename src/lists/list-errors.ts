import { DomainError, NotFoundError, ValidationError } from '../common/errors/domain-error';
import { LIST_LIMITS } from './lists.contract';

export function listNotFound(listId: string): DomainError {
  return new NotFoundError('Shopping list', `You have no shopping list ${listId}.`);
}

export function itemNotFound(itemId: string): DomainError {
  return new NotFoundError('List item', `The list has no item ${itemId}.`);
}

/** A count limit: 409, since the same request succeeds once the user removes something. */
export function tooManyItems(has: number, adding: number): DomainError {
  return new DomainError(
    'list.limit_reached',
    409,
    'List is full',
    `A list holds at most ${LIST_LIMITS.itemsPerList} items; it has ${has} and this adds ${adding}. Remove checked items or start another list.`,
    { extensions: { limit: LIST_LIMITS.itemsPerList } },
  );
}

export function tooManyLists(): DomainError {
  return new DomainError(
    'list.limit_reached',
    409,
    'Too many lists',
    `You may have at most ${LIST_LIMITS.listsPerUser} shopping lists; delete one first.`,
    { extensions: { limit: LIST_LIMITS.listsPerUser } },
  );
}

export function listNameTaken(name: string): DomainError {
  return new DomainError('list.name_taken', 409, 'List name taken', `You already have a list named "${name}".`);
}

/** Optimistic concurrency: someone changed the list or item after the version the client sent. */
export function versionConflict(what: 'list' | 'list_item', sent: number, current: number): DomainError {
  return new DomainError(
    `${what}.version_conflict`,
    409,
    'Changed elsewhere',
    `It was changed since version ${sent} (now ${current}): read it again and reapply your change.`,
    { extensions: { currentVersion: current } },
  );
}

/** An item with neither text nor product would be an empty line. */
export function itemWouldBeEmpty(): DomainError {
  return new ValidationError([{ field: 'text', rule: 'required', message: 'send text, productId or both' }]);
}
