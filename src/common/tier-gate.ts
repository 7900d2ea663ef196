import { DomainError } from './errors/domain-error';

/**
 * The public tier answers partner-only operations honestly instead of pretending. One message
 * for every feature: what the operation needs, and what the public tier does offer.
 */
export function partnerTierRequired(what: string): DomainError {
  return new DomainError(
    'tier.partner_required',
    501,
    'Needs the Kroger partner tier',
    `${what} needs Kroger's partner APIs (KROGER_API_TIER=partner). This deployment uses the public tier, ` +
      'which offers products, stores, adding items to a cart and the profile id.',
  );
}
