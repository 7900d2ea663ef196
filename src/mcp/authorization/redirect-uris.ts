/** Schemes a redirect may never use, whatever the client says it is. */
const FORBIDDEN_SCHEMES = new Set([
  'javascript:',
  'data:',
  'file:',
  'vbscript:',
  'blob:',
  'about:',
  'ftp:',
  'ws:',
  'wss:',
]);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why redirect URIs are unacceptable for a registration, or undefined (RFC 9700 §4.1, RFC 8252): https;
 * http only to a loopback address (native apps' local listeners); a private-use scheme for native apps;
 * never a fragment, credentials or a script scheme.
 */
export function redirectUriProblem(uris: unknown): string | undefined {
  if (!Array.isArray(uris) || uris.length === 0) return 'redirect_uris must list at least one URI';
  if (uris.length > 10) return 'redirect_uris may list at most 10 URIs';
  for (const entry of uris as unknown[]) {
    if (typeof entry !== 'string' || entry.length > 2000)
      return 'redirect_uris must be URIs of at most 2000 characters';
    const uri = entry;
    const url = URL.parse(uri);
    if (!url) return `${uri.slice(0, 100)} is not an absolute URI`;
    if (uri.includes('#')) return `${uri} must not contain a fragment`;
    if (url.username || url.password) return `${uri} must not contain credentials`;
    if (FORBIDDEN_SCHEMES.has(url.protocol)) return `${uri} uses a scheme that cannot be a redirect`;
    if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
      return `${uri} must use https (http only for a loopback address)`;
  }
  return undefined;
}
