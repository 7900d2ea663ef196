import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { BearerAuthenticator } from '../../auth/bearer.guard';
import type { Principal } from '../../auth/principal';
import { Caller } from '../request-context';
import { clientAddress } from './client-address';

/** How long a token's owner is remembered for counting (authorization is still checked per request). */
const REMEMBER_MS = 10_000;
const MAX_REMEMBERED = 20_000;

/**
 * Who a request comes from, before the route's own guard runs: the user and credential behind a
 * valid bearer token, else the client address (as `trust proxy` resolves it). Rate limits and Kroger
 * spend are counted against this. An invalid token counts against its address; the route's guard
 * then refuses it.
 */
@Injectable()
export class ClientIdentity {
  private readonly remembered = new Map<string, { principal: Principal | undefined; until: number }>();

  constructor(private readonly authenticator: BearerAuthenticator) {}

  async identify(req: Request): Promise<Caller> {
    const address = clientAddress(req.ip);
    const principal = await this.principalOf(req.header('authorization'));
    if (!principal) return { address };
    const client = principal.tokenId
      ? `token:${principal.tokenId}`
      : principal.sessionId && `session:${principal.sessionId}`;
    return { userId: principal.userId, client: client || undefined, address };
  }

  private async principalOf(authorization: string | undefined): Promise<Principal | undefined> {
    if (!authorization) return undefined;
    const key = createHash('sha256').update(authorization).digest('base64url');
    const now = Date.now();
    const known = this.remembered.get(key);
    if (known && known.until > now) return known.principal;
    const principal = await this.authenticator.authenticate(authorization).catch(() => undefined);
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
    this.remembered.set(key, { principal, until: now + REMEMBER_MS });
    return principal;
  }
}
