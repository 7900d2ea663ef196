import { DomainError } from '../common/errors/domain-error';

/** Where a caller finds a real store id, for REST clients and language models alike. */
const FIND_A_STORE =
  'Find a store with GET /api/v1/locations?zipCode=<ZIP code> or the find_stores tool, and use its locationId.';

/**
 * Kroger has no location with this id. 404 when the id is the resource (GET /locations/{id});
 * 422 when it names the store for something else (a search, the preferred store).
 */
export function locationNotFound(locationId: string, status: 404 | 422 = 422): DomainError {
  return new DomainError(
    'location.not_found',
    status,
    'Unknown store',
    `Kroger has no store with locationId ${locationId}. ${FIND_A_STORE}`,
    { errors: [{ field: 'locationId', rule: 'exists', message: `no store has locationId ${locationId}` }] },
  );
}

/** A fulfilment shed or spoke: a real location, but not a place to shop. */
export function notAStore(locationId: string, name: string): DomainError {
  return new DomainError(
    'location.not_a_store',
    422,
    'Not a store',
    `${name} (${locationId}) is a non-retail Kroger location (no departments), not a store a customer can shop at. ${FIND_A_STORE}`,
    { errors: [{ field: 'locationId', rule: 'retailStore', message: `${locationId} is not a retail store` }] },
  );
}

/** find_stores with no ZIP code, coordinates or preferred store: any answer would be arbitrary. */
export function startingPointRequired(): DomainError {
  return new DomainError(
    'request.validation_failed',
    400,
    'Where to look?',
    'No ZIP code or coordinates were given and no preferred store is set. Ask the user for their ZIP code, then search with zipCode.',
    {
      errors: [
        {
          field: 'zipCode',
          rule: 'anyOf',
          message: 'a starting point is required: send zipCode, latLong, lat and lon, or locationId',
        },
      ],
    },
  );
}
