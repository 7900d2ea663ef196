import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { ReauthTicketRepository } from './reauth-ticket.repository';
import { hashToken, randomToken, TOKEN_PREFIX } from './secrets';

/**
 * Re-authorization links safe to hand to an LLM client: short-lived, single-use, stored hashed, bound
 * to one user, and only good for signing in again to the Kroger account already linked (the callback
 * refuses any other), so a leaked or replayed link cannot attach someone else's account.
 */
@Injectable()
export class ReauthTicketsService {
  private readonly baseUrl: string;
  private readonly ttlMs: number;

  constructor(
    private readonly tickets: ReauthTicketRepository,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.baseUrl = config.get('http.publicBaseUrl', { infer: true });
    this.ttlMs = config.get('oauthServer.reauthTicketTtlSeconds', { infer: true }) * 1000;
  }

  /** A fresh link for the user to open in a browser. */
  async issue(userId: string, requestId?: string): Promise<{ url: string; expiresAt: Date }> {
    const ticket = randomToken(TOKEN_PREFIX.reauthTicket);
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await this.tickets.create({ hash: hashToken(ticket), userId, expiresAt });
    await this.audit.record('link.reauth_ticket_issued', { userId, detail: { expiresAt }, requestId });
    return { url: `${this.baseUrl}/api/v1/auth/kroger/reauthorize?ticket=${ticket}`, expiresAt };
  }

  /** The user a ticket is for, using it up; undefined when unknown, expired or already used. */
  async claim(ticket: string): Promise<string | undefined> {
    if (!ticket.startsWith(TOKEN_PREFIX.reauthTicket) || ticket.length > 100) return undefined;
    return this.tickets.claim(hashToken(ticket));
  }
}
