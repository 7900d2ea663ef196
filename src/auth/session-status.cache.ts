import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type Redis from 'ioredis';
import { openRedis } from '../common/redis-client';
import { AppConfig } from '../config/app-config';

const CHANNEL = 'kroger-backend:session-revoked';
/** With Redis listening, a revocation arrives as a message: a cached answer can be trusted longer. */
const TRUST_WHILE_LISTENING_MS = 15_000;
const MAX_ENTRIES = 50_000;

/**
 * Each instance's memory of which sessions are active, so a session access token is checked without a
 * database read on every request, and how a revocation reaches every instance quickly:
 * - with REDIS_URL, the revoking instance publishes the session id and every instance forgets it at once
 *   (while the subscription is down, and after it comes back, nothing cached is trusted longer than the
 *   short interval below);
 * - without Redis, an answer is trusted for SESSION_CHECK_INTERVAL_MS (default 500 ms), then re-read.
 */
@Injectable()
export class SessionStatusCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SessionStatusCache');
  private readonly checks = new Map<string, { active: boolean; at: number }>();
  private readonly intervalMs: number;
  private readonly redisUrl: string | undefined;
  private publisher: Redis | undefined;
  private subscriber: Redis | undefined;
  private listening = false;
  private subscribing: Promise<void> | undefined;

  constructor(config: ConfigService<AppConfig, true>) {
    this.intervalMs = config.get('auth.sessionCheckIntervalMs', { infer: true });
    this.redisUrl = config.get('redisUrl', { infer: true });
  }

  async onModuleInit(): Promise<void> {
    if (!this.redisUrl) return;
    this.publisher = openRedis(this.redisUrl, { maxRetriesPerRequest: 1 });
    // Subscribed by hand on every (re)connection, so `listening` is true only once Redis confirmed it.
    this.subscriber = openRedis(this.redisUrl, { lazyConnect: true, autoResubscribe: false });
    this.subscriber.on('message', (_channel: string, sessionId: string) => this.checks.delete(sessionId));
    this.subscriber.on('ready', () => void this.listen());
    this.subscriber.on('close', () => {
      this.listening = false;
    });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Redis subscription: ${error.message}`));
    try {
      await this.subscriber.connect();
      await this.subscribing;
    } catch (error) {
      this.logger.warn(`Not yet subscribed to session revocations: ${(error as Error).message}`);
    }
  }

  /** Messages sent while the connection was down are lost: nothing remembered from before is trusted. */
  private listen(): Promise<void> {
    this.subscribing = this.subscriber!.subscribe(CHANNEL).then(
      () => {
        this.checks.clear();
        this.listening = true;
      },
      (error: Error) => this.logger.warn(`Could not subscribe to session revocations: ${error.message}`),
    );
    return this.subscribing;
  }

  async onApplicationShutdown(): Promise<void> {
    this.listening = false;
    for (const client of [this.publisher, this.subscriber]) await client?.quit().catch(() => undefined);
  }

  /** The remembered answer, while it may still be trusted. */
  get(sessionId: string): boolean | undefined {
    const cached = this.checks.get(sessionId);
    const trustMs = this.listening ? TRUST_WHILE_LISTENING_MS : this.intervalMs;
    return cached && Date.now() - cached.at < trustMs ? cached.active : undefined;
  }

  remember(sessionId: string, active: boolean): void {
    if (this.checks.size >= MAX_ENTRIES) this.checks.clear();
    this.checks.set(sessionId, { active, at: Date.now() });
  }

  /** Called once the revocation is committed: this instance forgets now, the others on the message. */
  async revoked(sessionId: string): Promise<void> {
    this.checks.delete(sessionId);
    if (!this.publisher) return;
    try {
      await this.publisher.publish(CHANNEL, sessionId);
    } catch (error) {
      // The other instances still re-read within the short interval once they stop listening.
      this.logger.warn(`Could not announce a session revocation: ${(error as Error).message}`);
    }
  }
}
