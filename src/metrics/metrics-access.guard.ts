import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { bearerTokenOf, headerOf, sameSecret } from '../common/http/credentials';

/**
 * Prometheus authenticates with METRICS_TOKEN as a bearer token (what scrape configs send), and
 * operators with the admin key (X-Admin-Key). The metrics token opens nothing else, so a scrape
 * config that leaks does not hand out the admin API.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  private readonly adminKey: string;
  private readonly token: string | undefined;

  constructor(config: ConfigService<AppConfig, true>) {
    this.adminKey = config.get('auth.adminApiKey', { infer: true });
    this.token = config.get('metrics.token', { infer: true });
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const bearer = bearerTokenOf(req);
    const adminKey = headerOf(req, 'x-admin-key');
    if (sameSecret(bearer, this.token) || sameSecret(adminKey, this.adminKey)) return true;
    if (bearer === undefined && adminKey === undefined)
      throw new DomainError(
        'metrics.credentials_required',
        401,
        'Metrics credentials required',
        'Send METRICS_TOKEN as a bearer token, or the admin API key in the X-Admin-Key header.',
      );
    throw new DomainError(
      'metrics.credentials_invalid',
      403,
      'Metrics credentials invalid',
      'The credentials are not valid.',
    );
  }
}
