import { HttpModule, HttpService } from '@nestjs/axios';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { AppConfig } from '../config/app-config';
import { CacheStore } from './cache/cache-store';
import { MemoryCacheStore } from './cache/memory-cache.store';
import { ReadCache } from './cache/read-cache';
import { RedisCacheStore } from './cache/redis-cache.store';
import { ThrottlerStorage } from '@nestjs/throttler';
import { KrogerClient } from './kroger-client';
import { UpstreamAdmission } from './upstream-admission';
import { KrogerPartnerClient } from './kroger-partner-client';
import { KrogerConnection, openKrogerConnection } from './kroger-connection';
import { KrogerEnvironmentInfo } from './kroger-environment';
import { KrogerBreakers } from './circuit-breaker';
import { KrogerHttp } from './kroger-http';
import { KROGER_CONNECTION } from './kroger.tokens';
import { QuotaLedger } from './quota-ledger';
import { QuotaUsageRepository } from './quota-usage.repository';
import { KrogerSpendRepository } from './spend/kroger-spend.repository';
import { SpendBudget } from './spend/spend-budget';
import { MetricsService } from '../metrics/metrics.service';

type Config = ConfigService<AppConfig, true>;
const CACHE_STORE = Symbol('CACHE_STORE');

/** The only way to Kroger: connection, transport, quota ledger, spend budgets, cache and the typed client. */
@Global()
@Module({
  imports: [
    HttpModule.register({
      // Reused connections: most calls are small and frequent.
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
    }),
  ],
  providers: [
    {
      provide: KROGER_CONNECTION,
      inject: [ConfigService],
      useFactory: (config: Config) =>
        openKrogerConnection(config.get('kroger', { infer: true }), config.get('nodeEnv', { infer: true })),
    },
    KrogerEnvironmentInfo,
    QuotaUsageRepository,
    QuotaLedger,
    KrogerSpendRepository,
    SpendBudget,
    {
      provide: KrogerBreakers,
      inject: [ConfigService],
      useFactory: (config: Config) => {
        const { breakerThreshold, breakerCooldownMs } = config.get('kroger.gateway', { infer: true });
        return new KrogerBreakers(breakerThreshold, breakerCooldownMs);
      },
    },
    {
      provide: KrogerHttp,
      inject: [HttpService, KROGER_CONNECTION, QuotaLedger, ConfigService, KrogerBreakers, SpendBudget, MetricsService],
      useFactory: (
        http: HttpService,
        connection: KrogerConnection,
        ledger: QuotaLedger,
        config: Config,
        breakers: KrogerBreakers,
        spend: SpendBudget,
        metrics: MetricsService,
      ) =>
        new KrogerHttp(
          http,
          connection,
          ledger,
          config.get('kroger.gateway', { infer: true }),
          breakers,
          spend,
          metrics,
        ),
    },
    {
      provide: CACHE_STORE,
      inject: [ConfigService],
      useFactory: (config: Config): CacheStore => {
        const redisUrl = config.get('redisUrl', { infer: true });
        const gateway = config.get('kroger.gateway', { infer: true });
        return redisUrl
          ? new RedisCacheStore(redisUrl)
          : new MemoryCacheStore(gateway.cacheMaxEntries, gateway.cacheMaxBytes);
      },
    },
    { provide: ReadCache, inject: [CACHE_STORE], useFactory: (store: CacheStore) => new ReadCache(store) },
    {
      provide: KrogerClient,
      inject: [KrogerHttp, ReadCache, QuotaLedger, KrogerBreakers, ConfigService, SpendBudget, ThrottlerStorage],
      useFactory: (
        http: KrogerHttp,
        cache: ReadCache,
        ledger: QuotaLedger,
        breakers: KrogerBreakers,
        config: Config,
        spend: SpendBudget,
        counters: ThrottlerStorage,
      ) => {
        const { expensiveLimit, ttlSeconds } = config.get('throttle', { infer: true });
        const admission = new UpstreamAdmission(spend, counters, expensiveLimit, ttlSeconds * 1000);
        return new KrogerClient(
          http,
          cache,
          ledger,
          breakers,
          config.get('kroger.redirectUri', { infer: true }),
          admission,
          config.get('kroger.gateway.batch', { infer: true }),
        );
      },
    },
    {
      provide: KrogerPartnerClient,
      inject: [KrogerHttp],
      useFactory: (http: KrogerHttp) => new KrogerPartnerClient(http),
    },
  ],
  exports: [
    KrogerClient,
    KrogerPartnerClient,
    KrogerEnvironmentInfo,
    KrogerBreakers,
    KrogerHttp,
    QuotaLedger,
    ReadCache,
    SpendBudget,
    KrogerSpendRepository,
    KROGER_CONNECTION,
  ],
})
export class KrogerModule implements OnApplicationShutdown {
  constructor(
    @Inject(KROGER_CONNECTION) private readonly connection: KrogerConnection,
    @Inject(CACHE_STORE) private readonly store: CacheStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close?.();
    await this.connection.embeddedSandbox?.close();
  }
}
