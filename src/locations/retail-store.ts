import { KrogerLocation } from '../kroger/kroger-types';

/** Kroger's retail locationIds: a 3-digit division and a 5-digit store number (01400943). */
const RETAIL_ID = /^\d{8}$/;

/**
 * Whether a Kroger location is a store a customer can shop at. Kroger's Locations API also lists
 * non-retail fulfilment sites ("sheds" and "spokes", e.g. 540FC500 Forecast Shed) with no marker
 * field: they have no departments, a non-numeric id and no (or a 9999999999) phone. Any store has
 * at least one department, so either sign is enough.
 */
export function isRetailStore(location: Pick<KrogerLocation, 'locationId' | 'departments'>): boolean {
  return RETAIL_ID.test(location.locationId) && location.departments.length > 0;
}
