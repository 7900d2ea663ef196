import { existsSync } from 'node:fs';

/**
 * The process environment, with `.env` from the working directory merged under it
 * (variables already set win). The only place besides tests that touches process.env.
 */
export function readEnvironment(envFile = '.env'): Record<string, string | undefined> {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return process.env;
}
