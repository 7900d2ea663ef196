import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a client id URL must never make us fetch from (RFC 6890 special-purpose, private, loopback).
 * BlockList matches IPv4-mapped IPv6 addresses against the IPv4 rules by itself.
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');

/**
 * Whether a Client ID Metadata Document may be fetched: its host on the allowlist (when one is set)
 * and every address it resolves to public. oidc-provider checks the connected address again when
 * it fetches (its SSRF guard), which also covers a name that resolves differently a moment later.
 */
export async function mayFetchClientId(
  clientId: string,
  options: { hosts: string[]; allowPrivate: boolean },
): Promise<boolean> {
  const url = URL.parse(clientId);
  if (!url) return false;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (options.hosts.length > 0 && !options.hosts.includes(host)) return false;
  if (options.allowPrivate) return true;
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true }).catch(() => []);
  return (
    addresses.length > 0 &&
    addresses.every(({ address, family }) => !NON_PUBLIC.check(address, family === 6 ? 'ipv6' : 'ipv4'))
  );
}
