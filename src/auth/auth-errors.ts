import { DomainError } from '../common/errors/domain-error';

export const unauthenticated = (
  detail = 'Send a valid bearer token: a session access token or a personal access token.',
) =>
  new DomainError('auth.unauthenticated', 401, 'Authentication required', detail, {
    headers: { 'WWW-Authenticate': 'Bearer realm="kroger-backend"' },
  });

export const invalidToken = (detail = 'The token is invalid, expired or revoked.') =>
  new DomainError('auth.invalid_token', 401, 'Invalid token', detail, {
    headers: { 'WWW-Authenticate': 'Bearer realm="kroger-backend", error="invalid_token"' },
  });

export const insufficientScope = (scope: string) =>
  new DomainError('auth.insufficient_scope', 403, 'Insufficient scope', `This operation needs the ${scope} scope.`, {
    headers: { 'WWW-Authenticate': `Bearer realm="kroger-backend", error="insufficient_scope", scope="${scope}"` },
  });

export const linkRequired = (reauthorizeUrl: string) =>
  new DomainError('link.required', 403, 'No Kroger account linked', 'Link a Kroger account first.', {
    extensions: { reauthorizeUrl },
  });

export const reauthRequired = (reauthorizeUrl: string) =>
  new DomainError(
    'link.reauth_required',
    401,
    'Kroger link expired',
    'Kroger no longer accepts this account link; sign in to Kroger again.',
    {
      extensions: { reauthorizeUrl },
    },
  );
