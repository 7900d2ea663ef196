import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { sameSecret } from '../common/http/credentials';
import { TierGate } from '../common/tier-gate';

export const COURIER_KEY_HEADER = 'x-courier-key';

/**
 * The courier partner (a delivery company's dispatch system, not a shopper) authenticates with
 * COURIER_API_KEY in X-Courier-Key. It acts on the deliveries Kroger assigns to this application,
 * never on a customer's account; without the setting (or on the public tier) the routes answer 501.
 */
@Injectable()
export class CourierKeyGuard implements CanActivate {
  private readonly expected: string | undefined;

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly tiers: TierGate,
  ) {
    this.expected = config.get('courier.apiKey', { infer: true });
  }

  canActivate(context: ExecutionContext): boolean {
    this.tiers.requireFeature('courier', 'Courier deliveries');
    const given = context.switchToHttp().getRequest<Request>().header(COURIER_KEY_HEADER);
    if (!given) {
      throw new DomainError(
        'courier.key_required',
        401,
        'Courier key required',
        `Send the courier partner's key in the ${COURIER_KEY_HEADER} header.`,
      );
    }
    if (!this.expected || !sameSecret(given, this.expected))
      throw new DomainError('courier.key_invalid', 403, 'Courier key invalid', 'The courier key is not valid.');
    return true;
  }
}
