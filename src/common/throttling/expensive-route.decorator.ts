import { SetMetadata } from '@nestjs/common';

export const EXPENSIVE_ROUTE = 'kroger-backend:expensive-route';

/**
 * The route may cost Kroger calls on every request (a search with a new term misses the cache), so
 * each client also gets a tighter limit on it alone: THROTTLE_EXPENSIVE_LIMIT per window.
 */
export const ExpensiveRoute = () => SetMetadata(EXPENSIVE_ROUTE, true);
