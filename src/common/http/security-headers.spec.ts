import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';
import type { Request, Response } from 'express';
import { securityHeaders } from './security-headers';

/** The headers a real Node server sends when `handle` runs before the response ends. */
async function headersSentBy(handle: RequestListener): Promise<Record<string, string>> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await res.text();
    const headers = Object.fromEntries(res.headers);
    for (const transport of ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])
      delete headers[transport];
    return headers;
  } finally {
    server.close();
  }
}

const end: RequestListener = (_req, res) => res.end('ok');
const through = (middleware: (req: Request, res: Response, next: (error?: unknown) => void) => void): RequestListener =>
  (req, res) => middleware(req as Request, res as Response, () => end(req, res));

describe('securityHeaders', () => {
  const configurations: [string, HelmetOptions][] = [
    ['defaults', {}],
    ['our CSP', { contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'https:'] } } }],
    ['HSTS off, CSP off', { strictTransportSecurity: false, contentSecurityPolicy: false }],
  ];

  it.each(configurations)('sends exactly what helmet sends (%s)', async (_name, options) => {
    const fromHelmet = await headersSentBy(through(helmet(options)));
    expect(Object.keys(fromHelmet)).toContain('x-content-type-options');
    expect(await headersSentBy(through(securityHeaders(options)))).toEqual(fromHelmet);
  });

  it('refuses a CSP worked out per request, which cannot be computed once', () => {
    const perRequest = { contentSecurityPolicy: { directives: { 'script-src': ["'self'", () => "'nonce-x'"] } } };
    expect(() => securityHeaders(perRequest)).toThrow(/per request/);
  });
});
