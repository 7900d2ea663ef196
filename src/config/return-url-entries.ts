/** What is wrong with an ALLOWED_RETURN_URLS entry (matched by src/auth/return-url-allowlist.ts), if anything. */
export function returnUrlEntryProblem(entry: string): string | undefined {
  // Custom schemes (myapp://auth) are fine for mobile apps; script-bearing ones never.
  if (/^(javascript|data|file|vbscript):/i.test(entry)) return 'uses javascript:, data:, file: or vbscript:';
  const url = new URL(entry);
  if (entry.includes('#')) return 'has a fragment';
  if (url.username || url.password) return 'has a user name or password';
  const star = entry.indexOf('*');
  if (star === -1) return undefined;
  if (star !== entry.length - 1 || !entry.endsWith('/*') || url.search || !url.host) {
    return 'has a wildcard that is not a whole last path segment after a host, as in https://app.example.com/kroger/* (no query)';
  }
  return undefined;
}
