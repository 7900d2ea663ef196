import { Injectable } from '@nestjs/common';
import { AccountAdminService, AccountView } from '../auth/account-admin.service';
import { NotFoundError } from '../common/errors/domain-error';
import { pageLocally } from '../common/contract/pagination';
import { AdminUser, AdminUserPage, FindUsersQuery, ForcedLinkRefresh, RevokedAccess } from './admin.contract';

const iso = (at: Date | null) => at?.toISOString() ?? null;

function present({ user, link }: AccountView): AdminUser {
  return {
    userId: user.id,
    createdAt: user.createdAt.toISOString(),
    krogerLink: link
      ? {
          profileId: link.profileId,
          status: link.status,
          scopes: link.scopes,
          linkedAt: link.linkedAt.toISOString(),
          accessTokenExpiresAt: iso(link.accessTokenExpiresAt),
          lastRefreshedAt: iso(link.lastRefreshedAt),
          lastUsedAt: iso(link.lastUsedAt),
          refreshFailures: link.refreshFailures,
          lastRefreshError: link.lastRefreshError,
          lastRefreshErrorAt: iso(link.lastRefreshErrorAt),
          nextRefreshAt: iso(link.nextRefreshAt),
        }
      : null,
  };
}

/** Operators' view of users and their Kroger links, and the account actions they may take. */
@Injectable()
export class AdminUsersService {
  constructor(private readonly accounts: AccountAdminService) {}

  async find(query: FindUsersQuery): Promise<AdminUserPage> {
    const found = query.userId
      ? await this.accounts.findByUserId(query.userId)
      : await this.accounts.findByProfileId(query.krogerProfileId!);
    return pageLocally(found ? [present(found)] : [], query);
  }

  async get(userId: string): Promise<AdminUser> {
    const found = await this.accounts.findByUserId(userId);
    if (!found) throw new NotFoundError('User');
    return present(found);
  }

  async forceRefresh(userId: string, requestId: string): Promise<ForcedLinkRefresh> {
    const outcome = await this.accounts.forceRefresh(userId, requestId);
    return { outcome, user: await this.get(userId) };
  }

  revokeAccess(userId: string, requestId: string): Promise<RevokedAccess> {
    return this.accounts.revokeAccess(userId, requestId);
  }
}
