import type Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';

/**
 * A Redis client, with ioredis loaded on first use: only deployments with REDIS_URL pay for loading
 * it (about 80 ms of every start otherwise, issue #15).
 */
export function openRedis(url: string, options: RedisOptions): Redis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: RedisClient } = require('ioredis') as typeof import('ioredis');
  return new RedisClient(url, options);
}
