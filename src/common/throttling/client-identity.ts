import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { BearerAuthenticator } from '../../auth/bearer.guard';
import { Caller } from '../request-context';
import { clientAddress } from './client-address';

/**
 * Who a request comes from, before the route's own guard runs: the user and credential behind a
 * valid bearer token, else the client address (as `trust proxy` resolves it). Rate limits and Kroger
 * spend are counted against this. An invalid token counts against its address; the route's guard
 * then refuses it.
 */
@Injectable()
export class ClientIdentity {
  constructor(private readonly authenticator: BearerAuthenticator) {}

  async identify(req: Request): Promise<Caller> {
    const address = clientAddress(req.ip);
    // The same authentication the route's guard then reuses: fresh for every request.
    const principal = await this.authenticator.authenticateRequest(req).catch(() => undefined);
    if (!principal) return { address };
    const client = principal.tokenId
      ? `token:${principal.tokenId}`
      : principal.grantId
        ? `oauth:${principal.grantId}`
        : principal.sessionId && `session:${principal.sessionId}`;
    return { userId: principal.userId, client: client || undefined, address };
  }
}
