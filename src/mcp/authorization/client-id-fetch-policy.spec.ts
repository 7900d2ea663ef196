import { mayFetchClientId } from './client-id-fetch-policy';
import { redirectUriProblem } from './redirect-uris';

describe('mayFetchClientId', () => {
  const strict = { hosts: [], allowPrivate: false };

  it('refuses loopback, private and link-local addresses unless allowed (development)', async () => {
    for (const id of [
      'https://127.0.0.1/c.json',
      'https://10.1.2.3/c.json',
      'https://192.168.0.9/c.json',
      'https://169.254.169.254/latest',
      'https://[::1]/c.json',
      'https://[fd00::1]/c.json',
      'https://localhost/c.json',
    ])
      expect(await mayFetchClientId(id, strict)).toBe(false);
    expect(await mayFetchClientId('https://127.0.0.1/c.json', { hosts: [], allowPrivate: true })).toBe(true);
  });

  it('accepts a public address, and only allowlisted hosts when a list is set', async () => {
    expect(await mayFetchClientId('https://93.184.215.14/c.json', strict)).toBe(true);
    expect(
      await mayFetchClientId('https://93.184.215.14/c.json', { hosts: ['client.example'], allowPrivate: false }),
    ).toBe(false);
  });
});

describe('redirectUriProblem', () => {
  it('accepts https, loopback http and private-use schemes', () => {
    expect(
      redirectUriProblem([
        'https://app.example/cb',
        'http://127.0.0.1:3000/cb',
        'http://localhost/cb',
        'com.example.app:/oauth',
      ]),
    ).toBeUndefined();
  });

  it('refuses fragments, credentials, script schemes and plain http elsewhere', () => {
    for (const uri of [
      'https://a.example/cb#x',
      'https://u:p@a.example/cb',
      'javascript:alert(1)',
      'data:text/html,x',
      'http://a.example/cb',
    ])
      expect(redirectUriProblem([uri])).toBeDefined();
    expect(redirectUriProblem([])).toBeDefined();
  });
});
