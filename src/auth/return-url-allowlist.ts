/**
 * Where account linking may send the browser back with a one-time code: ALLOWED_RETURN_URLS,
 * matched as exact strings (RFC 9700 §4.1.3), scheme, host, port, path and query alike. An entry
 * ending in `/*` allows any path below it, and nothing else.
 *
 * A candidate must already be in the form the WHATWG URL parser writes, so that what is compared
 * is what the browser will open: `HTTPS://`, `/a/../b`, `%2e%2e`, `\`, `:443` and the like are
 * refused rather than normalised into a match.
 */
export class ReturnUrlAllowlist {
  private readonly exact = new Set<string>();
  private readonly prefixes: string[] = [];

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      if (entry.endsWith('/*')) this.prefixes.push(new URL(entry.slice(0, -1)).href);
      else this.exact.add(new URL(entry).href);
    }
  }

  allows(candidate: string): boolean {
    if (!URL.canParse(candidate)) return false;
    const url = new URL(candidate);
    if (url.href !== candidate || url.username || url.password || url.hash) return false;
    if (this.exact.has(candidate)) return true;
    // Below a prefix: no query (the code is appended to it), and no encoded slash or backslash
    // that a server behind the app could decode into a path outside the prefix.
    if (url.search || /%(2f|5c)/i.test(url.pathname)) return false;
    return this.prefixes.some((prefix) => candidate.startsWith(prefix));
  }
}
