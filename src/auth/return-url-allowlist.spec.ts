import { ReturnUrlAllowlist } from './return-url-allowlist';

describe('ReturnUrlAllowlist', () => {
  const allowlist = new ReturnUrlAllowlist([
    'https://app.example.com/kroger/done',
    'https://app.example.com',
    'https://web.example.com/oauth/*',
    'myapp://auth',
    'com.example.app:/oauth2redirect',
    'myapp://links/*',
  ]);

  it.each([
    'https://app.example.com/kroger/done',
    'https://app.example.com/',
    'https://web.example.com/oauth/',
    'https://web.example.com/oauth/kroger/done',
    'myapp://auth',
    'com.example.app:/oauth2redirect',
    'myapp://links/kroger',
  ])('allows %s', (url) => expect(allowlist.allows(url)).toBe(true));

  it.each([
    ['another path', 'https://app.example.com/kroger/other'],
    ['a longer path', 'https://app.example.com/kroger/done/more'],
    ['a trailing slash', 'https://app.example.com/kroger/done/'],
    ['dot segments', 'https://app.example.com/kroger/done/../evil'],
    ['encoded dot segments', 'https://app.example.com/kroger/done/%2e%2e/evil'],
    ['a query', 'https://app.example.com/kroger/done?next=https://evil.example'],
    ['a fragment', 'https://app.example.com/kroger/done#x'],
    ['user info before the host', 'https://user@app.example.com/kroger/done'],
    ['the allowed host as user info', 'https://app.example.com@evil.example/kroger/done'],
    ['an upper-case scheme', 'HTTPS://app.example.com/kroger/done'],
    ['an upper-case host', 'https://APP.example.com/kroger/done'],
    ['a trailing dot on the host', 'https://app.example.com./kroger/done'],
    ['the default port spelled out', 'https://app.example.com:443/kroger/done'],
    ['another port', 'https://app.example.com:8443/kroger/done'],
    ['plain http', 'http://app.example.com/kroger/done'],
    ['backslashes', 'https:\\\\app.example.com\\kroger\\done'],
    ['the bare origin without its slash', 'https://app.example.com'],
    ['the prefix itself without its slash', 'https://web.example.com/oauth'],
    ['a sibling of the prefix', 'https://web.example.com/oauthx'],
    ['dot segments out of the prefix', 'https://web.example.com/oauth/../evil'],
    ['an encoded slash below the prefix', 'https://web.example.com/oauth/..%2Fevil'],
    ['an encoded backslash below the prefix', 'https://web.example.com/oauth/..%5cevil'],
    ['a query below the prefix', 'https://web.example.com/oauth/x?y=1'],
    ['a path on an exact custom scheme', 'myapp://auth/linked'],
    ['another custom host', 'myapp://evil'],
    ['a look-alike custom scheme', 'myapp2://auth'],
    ['not a URL', 'app.example.com/kroger/done'],
  ])('refuses %s', (_name, url) => expect(allowlist.allows(url)).toBe(false));
});
