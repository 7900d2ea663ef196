import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { Transaction, UnitOfWork } from '../database/unit-of-work';
import { KrogerClient, UserAuth } from '../kroger/kroger-client';
import { KrogerError } from '../kroger/kroger-error';
import { KrogerTokens } from '../kroger/kroger-types';
import { MetricsService } from '../metrics/metrics.service';
import { AccountEventsService } from '../events/account-events.service';
import { SingleFlight } from '../kroger/single-flight';
import { linkRequired, reauthRequired } from './auth-errors';
import { TOKEN_VAULT } from './auth.tokens';
import { KrogerLinkRepository } from './kroger-link.repository';
import { sealKrogerTokens, TokenVault } from './token-vault';

/** Refresh when less than this is left, so a token never expires on its way to Kroger. */
const EXPIRY_MARGIN_MS = 60_000;
const LAST_USED_RESOLUTION_MS = 60_000;

export interface RefreshOptions {
  /** The token Kroger refused or that expired: never handed out again. */
  stale?: string;
  /** Refresh unless the current token stays valid at least this long. */
  minRemainingMs?: number;
  /** Keep-alive: refresh unless the link was refreshed at or after this time. */
  refreshedBefore?: Date;
}

export type RefreshOutcome =
  | { kind: 'refreshed' | 'current'; accessToken: string }
  /** `marked`: this refresh is the one that found Kroger refusing, and marked the link REAUTH_REQUIRED. */
  | { kind: 'refused'; marked?: boolean }
  | { kind: 'failed'; error: unknown };

/**
 * Kroger tokens for calls made on a user's behalf. Kroger refresh tokens are single use, so a
 * refresh happens inside a transaction holding the link's row lock, re-reading the row first: if
 * another request or instance refreshed meanwhile, its result is used. In front of the lock, one
 * refresh per user per process. A refused refresh marks the link REAUTH_REQUIRED; nothing is deleted.
 */
@Injectable()
export class KrogerUserTokens {
  private readonly logger = new Logger('KrogerUserTokens');
  private readonly flights = new SingleFlight<string>();
  private readonly reauthorizeUrl: string;

  constructor(
    private readonly links: KrogerLinkRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly kroger: KrogerClient,
    private readonly audit: AuditService,
    @Inject(TOKEN_VAULT) private readonly vault: TokenVault,
    config: ConfigService<AppConfig, true>,
    private readonly metrics: MetricsService,
    private readonly events: AccountEventsService,
  ) {
    this.reauthorizeUrl = `${config.get('http.publicBaseUrl', { infer: true })}/api/v1/auth/kroger/authorize`;
  }

  /** Runs a Kroger call with the user's token; on a 401, one refresh and one retry (in the gateway). */
  async withUserToken<T>(userId: string, call: (auth: UserAuth) => Promise<T>): Promise<T> {
    return call(await this.authFor(userId));
  }

  async authFor(userId: string): Promise<UserAuth> {
    const link = await this.links.findByUserId(userId);
    if (!link || link.status === 'REVOKED') throw linkRequired(this.reauthorizeUrl);
    if (link.status === 'REAUTH_REQUIRED') throw reauthRequired(this.reauthorizeUrl);
    if (!link.lastUsedAt || Date.now() - link.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.links.recordUse(userId, new Date());
    }
    const valid =
      link.accessToken &&
      link.accessTokenExpiresAt &&
      link.accessTokenExpiresAt.getTime() - EXPIRY_MARGIN_MS > Date.now();
    // One token per call: retries of the same call reuse it; only a 401 (refresh) replaces it.
    let current: string | undefined = valid ? this.vault.open(link.accessToken!) : undefined;
    return {
      kind: 'user',
      accessToken: async () => (current ??= await this.refresh(userId)),
      refresh: async () => (current = await this.refresh(userId, current)),
    };
  }

  /** A fresh access token; `stale` is the one Kroger refused or that expired (not reused). */
  refresh(userId: string, stale?: string): Promise<string> {
    return this.flights.run(userId, async () => {
      const outcome = await this.refreshLocked(userId, { stale });
      switch (outcome.kind) {
        case 'refreshed':
        case 'current':
          return outcome.accessToken;
        case 'refused':
          throw reauthRequired(this.reauthorizeUrl);
        case 'failed':
          throw outcome.error;
      }
    });
  }

  /** One refresh under the link's row lock, after re-reading it. Used by requests and by the scheduled job. */
  async refreshLocked(userId: string, options: RefreshOptions = {}): Promise<RefreshOutcome> {
    const minRemainingMs = options.minRemainingMs ?? EXPIRY_MARGIN_MS;
    const outcome = await this.unitOfWork.run(
      async (tx): Promise<RefreshOutcome> => {
        const row = await this.links.lockForRefresh(userId, tx);
        if (!row || row.status !== 'ACTIVE' || !row.refreshToken) return { kind: 'refused' };
        // Someone refreshed while we waited for the lock: use their result, spend nothing.
        const current = row.accessToken ? this.vault.open(row.accessToken) : undefined;
        const stillValid = Boolean(
          current &&
          current !== options.stale &&
          row.accessTokenExpiresAt &&
          row.accessTokenExpiresAt.getTime() - minRemainingMs > Date.now(),
        );
        const keptAlive =
          !options.refreshedBefore || (row.lastRefreshedAt !== null && row.lastRefreshedAt >= options.refreshedBefore);
        if (stillValid && keptAlive) return { kind: 'current', accessToken: current! };
        let tokens: KrogerTokens;
        try {
          tokens = await this.kroger.refreshUserToken(this.vault.open(row.refreshToken));
        } catch (error) {
          return this.recordFailure(tx, userId, error);
        }
        await this.links.saveRefreshedTokens(userId, sealKrogerTokens(this.vault, tokens, row.refreshToken), tx);
        return { kind: 'refreshed', accessToken: tokens.accessToken };
      },
      { timeoutMs: 60_000, maxWaitMs: 60_000 },
    );
    this.metrics.tokenRefreshes.inc({ outcome: outcome.kind });
    if (outcome.kind === 'refused') await this.audit.record('link.refresh_refused', { userId });
    // After the commit: devices learn of it only once every instance reads the link as REAUTH_REQUIRED.
    if (outcome.kind === 'refused' && outcome.marked)
      await this.events.publish(userId, {
        type: 'link.reauth_required',
        data: { status: 'REAUTH_REQUIRED', reason: 'refresh_refused', reauthorizeUrl: this.reauthorizeUrl },
      });
    return outcome;
  }

  private async recordFailure(tx: Transaction, userId: string, error: unknown): Promise<RefreshOutcome> {
    // Kroger said no to the refresh token itself: the user must sign in again.
    if (error instanceof KrogerError && error.failure === 'bad_request') {
      await this.links.markReauthRequired(userId, `${error.code}: ${error.reason ?? 'refused'}`, tx);
      await this.audit.record('link.reauth_required', { userId, detail: { reason: error.reason ?? null } }, tx);
      return { kind: 'refused', marked: true };
    }
    // Kroger could not be asked (or the outcome is unknown): back off and try later.
    const failures = await this.links.countRefreshFailure(
      userId,
      error instanceof KrogerError ? error.code : 'internal',
      tx,
    );
    const backoffMs = Math.min(60 * 60_000, 60_000 * 2 ** Math.min(6, failures - 1));
    await this.links.deferRefreshUntil(userId, new Date(Date.now() + backoffMs), tx);
    await this.audit.record(
      'link.refresh_failed',
      {
        userId,
        detail: { code: error instanceof KrogerError ? error.code : 'internal', attempt: failures },
      },
      tx,
    );
    this.logger.warn({ err: error, userId }, 'Kroger token refresh failed');
    return { kind: 'failed', error };
  }
}
