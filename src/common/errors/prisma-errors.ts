import { DomainError } from './domain-error';

interface PrismaLikeError {
  name?: string;
  code?: string;
  meta?: { target?: unknown; modelName?: string };
}

/**
 * pg-pool's own errors reach us unwrapped (Prisma's adapter rethrows what it does not recognize)
 * and carry no code, only these messages: no pool connection came free (every one busy with other
 * requests), or opening one took too long. Both mean "too busy right now", not "broken".
 */
const POOL_TIMEOUTS = new Set([
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
]);

/**
 * The one place that maps Prisma's error codes to HTTP. Matching on the error's shape rather
 * than its class keeps this file free of the generated client.
 */
export function mapPrismaError(error: unknown): DomainError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  if (error instanceof Error && error.name === 'Error' && POOL_TIMEOUTS.has(error.message)) return databaseBusy();
  const e = error as PrismaLikeError;
  if (e.name === 'PrismaClientKnownRequestError') {
    switch (e.code) {
      case 'P2002':
        return new DomainError(
          'resource.conflict',
          409,
          'Conflict',
          'A resource with the same unique value already exists.',
        );
      case 'P2025':
      case 'P2001':
        return new DomainError('resource.not_found', 404, 'Not found', 'The resource does not exist.');
      case 'P2003':
      case 'P2014':
        return new DomainError('resource.conflict', 409, 'Conflict', 'The change conflicts with related data.');
      case 'P2034':
        return new DomainError('resource.busy', 409, 'Conflict', 'A concurrent change won; retry the request.', {
          retryAfter: 1,
        });
      case 'P1001':
      case 'P1002':
      case 'P1008':
      case 'P1017':
      case 'P2024':
        return databaseUnavailable();
    }
    return undefined;
  }
  if (
    e.name === 'PrismaClientInitializationError' ||
    (e.name === 'DriverAdapterError' && /connect|terminat/i.test(String((error as Error).message)))
  ) {
    return databaseUnavailable();
  }
  return undefined;
}

/** Overload: every connection busy for longer than the pool waits. Retry soon, not in the 5 s of an outage. */
export function databaseBusy(): DomainError {
  return new DomainError(
    'database.busy',
    503,
    'Service unavailable',
    'The service is busy: no database connection came free in time; retry shortly.',
    { retryAfter: 1 },
  );
}

function databaseUnavailable(): DomainError {
  return new DomainError(
    'database.unavailable',
    503,
    'Service unavailable',
    'The database is unreachable; retry shortly.',
    {
      retryAfter: 5,
    },
  );
}
