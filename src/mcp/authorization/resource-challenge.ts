import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/server';
import { DomainError } from '../../common/errors/domain-error';
import type { Principal } from '../../auth/principal';

/**
 * RFC 6750 challenges for /mcp that point clients at the protected-resource metadata (RFC 9728), so a
 * client given only the server's URL discovers where and how to get a token.
 */
export class ResourceChallenge {
  private readonly metadataUrl: string;

  constructor(private readonly resource: string) {
    this.metadataUrl = getOAuthProtectedResourceMetadataUrl(new URL(resource));
  }

  /** No token at all. */
  missingToken(): DomainError {
    return new DomainError(
      'auth.unauthenticated',
      401,
      'Authentication required',
      'The MCP server needs a bearer token: connect through OAuth (see WWW-Authenticate), or send a personal access token.',
      { headers: { 'WWW-Authenticate': `Bearer resource_metadata="${this.metadataUrl}"` } },
    );
  }

  /** A refused token (unknown, expired, revoked), keeping the refusal's own detail. */
  invalidToken(error: DomainError): DomainError {
    return new DomainError(error.code, 401, error.title, error.detail, {
      headers: { 'WWW-Authenticate': `Bearer error="invalid_token", resource_metadata="${this.metadataUrl}"` },
    });
  }

  /**
   * Why an authenticated caller may not use /mcp, if so: an OAuth token for another resource, or one
   * without `read`, which every tool needs (RFC 6750 §3.1 scope challenge).
   */
  refusal(principal: Principal): DomainError | undefined {
    if (principal.kind !== 'oauth') return undefined;
    if (principal.audience !== this.resource)
      return new DomainError(
        'auth.invalid_token',
        401,
        'Invalid token',
        `This token was issued for another resource, not ${this.resource}.`,
        {
          headers: {
            'WWW-Authenticate': `Bearer error="invalid_token", error_description="wrong audience", resource_metadata="${this.metadataUrl}"`,
          },
        },
      );
    if (!principal.scopes.includes('read'))
      return new DomainError(
        'auth.insufficient_scope',
        403,
        'Insufficient scope',
        'The MCP server needs a token with the read scope.',
        {
          headers: {
            'WWW-Authenticate': `Bearer error="insufficient_scope", scope="read", resource_metadata="${this.metadataUrl}"`,
          },
        },
      );
    return undefined;
  }
}
