/**
 * Memory kept alive by a cached value without being part of it: the answers built once from a
 * cached Kroger entry and the JSON bytes they are sent as (REST's bytes, MCP's tool results and
 * their JSON), which live exactly as long as the entry
 * (weakly keyed by it). The cache that holds the value opens an account for it, and whoever keeps
 * such memory charges it there, so the cache's byte limit bounds them too; a value no cache holds
 * (a Redis read, already evicted) has no account and its charges are dropped.
 */
type Charge = (bytes: number) => void;

const accounts = new WeakMap<object, Charge>();

/** Later charges to `owner` (or to anything billed to it) call `charge`. */
export function openMemoryAccount(owner: object, charge: Charge): void {
  accounts.set(owner, charge);
}

/** What is later charged to `dependent` (an answer built from a cached value) is billed to `owner`. */
export function billTo(dependent: object, owner: object): void {
  const charge = accounts.get(owner);
  if (charge) accounts.set(dependent, charge);
}

/** `bytes` kept alive for as long as `owner` is. */
export function chargeMemory(owner: object, bytes: number): void {
  accounts.get(owner)?.(bytes);
}

/** The size the read cache counts a value at: its JSON in UTF-8, as for the entries themselves. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
