import { Injectable } from '@nestjs/common';
import type { Principal } from './principal';

/**
 * What auth needs from the OAuth authorization server that serves MCP clients (src/mcp/authorization/),
 * which depends on auth and so cannot be injected here: it plugs itself in at start-up.
 */
export interface DelegatedAuthorization {
  /** The principal of an access token the authorization server issued; undefined if unknown, expired or revoked. */
  authenticate(token: string): Promise<Principal | undefined>;
  /** Ends every grant, token and authorization-server sign-in of the user. */
  revokeAllFor(userId: string): Promise<number>;
  /** Finishes the sign-in step of an authorization in progress; the URL the browser continues at. */
  finishLogin(interactionUid: string, userId: string): Promise<string | undefined>;
}

@Injectable()
export class DelegatedAuthorizationService {
  private server?: DelegatedAuthorization;

  connect(server: DelegatedAuthorization): void {
    this.server = server;
  }

  authenticate(token: string): Promise<Principal | undefined> {
    return this.server ? this.server.authenticate(token) : Promise.resolve(undefined);
  }

  async revokeAllFor(userId: string): Promise<number> {
    return this.server ? this.server.revokeAllFor(userId) : 0;
  }

  async finishLogin(interactionUid: string, userId: string): Promise<string | undefined> {
    return this.server?.finishLogin(interactionUid, userId);
  }
}
