import { DomainError } from '../common/errors/domain-error';

/** The public tier answers partner-only operations honestly instead of pretending. */
export function partnerTierRequired(what: string): DomainError {
  return new DomainError(
    'tier.partner_required',
    501,
    'Needs the Kroger partner tier',
    `${what} needs Kroger's partner APIs. This deployment uses the public tier (KROGER_API_TIER=public), where Kroger's cart API can only add items.`,
  );
}
