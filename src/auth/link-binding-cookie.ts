import { parse } from 'cookie';
import { randomBytes } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { hashToken } from './secrets';

const BINDING = /^[A-Za-z0-9_-]{43}$/;

/**
 * The cookie that ties a started Kroger login to the browser that started it (login CSRF
 * defence, RFC 9700 §4.7): a random value set at authorize, whose hash is stored with the state,
 * and which the callback must bring back. HttpOnly (no script reads it), SameSite=Lax (sent on
 * Kroger's top-level redirect back, never on cross-site subrequests), Secure and `__Host-` when
 * the callback is https, so a sibling subdomain cannot plant one. One cookie per started login,
 * named after its state, so two tabs signing in at once do not overwrite each other.
 */
export class LinkBindingCookie {
  private readonly options: CookieOptions;
  private readonly prefix: string;

  constructor(callbackUrl: string, maxAgeMs: number) {
    const secure = new URL(callbackUrl).protocol === 'https:';
    this.prefix = secure ? '__Host-kroger_link_' : 'kroger_link_';
    this.options = { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeMs };
  }

  /** Sets a fresh binding for the state in the response; the value, to store its hash. */
  issue(res: Response, state: string): string {
    const binding = randomBytes(32).toString('base64url');
    res.cookie(this.nameOf(state), binding, this.options);
    return binding;
  }

  /** The binding this browser holds for the state, if any. */
  read(req: Request, state: string): string | undefined {
    const value = parse(req.headers.cookie ?? '')[this.nameOf(state)];
    return value && BINDING.test(value) ? value : undefined;
  }

  clear(res: Response, state: string): void {
    const { maxAge: _maxAge, ...options } = this.options;
    res.clearCookie(this.nameOf(state), options);
  }

  private nameOf(state: string): string {
    return `${this.prefix}${hashToken(state).slice(0, 16)}`;
  }
}
