import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { sameSecret } from '../common/http/credentials';

export const ADMIN_KEY_HEADER = 'x-admin-key';

/** Operators authenticate with ADMIN_API_KEY in the X-Admin-Key header. */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected: string;

  constructor(config: ConfigService<AppConfig, true>) {
    this.expected = config.get('auth.adminApiKey', { infer: true });
  }

  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<Request>().header(ADMIN_KEY_HEADER);
    if (!given) {
      throw new DomainError(
        'admin.key_required',
        401,
        'Admin key required',
        `Send the admin API key in the ${ADMIN_KEY_HEADER} header.`,
      );
    }
    if (!sameSecret(given, this.expected)) {
      throw new DomainError('admin.key_invalid', 403, 'Admin key invalid', 'The admin API key is not valid.');
    }
    return true;
  }
}
