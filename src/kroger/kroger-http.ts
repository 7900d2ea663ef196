import { HttpService } from '@nestjs/axios';
import { Logger } from '@nestjs/common';
import type { AxiosError, AxiosResponse } from 'axios';
import { KrogerGatewayConfig } from '../config/app-config';
import { AppTokenProvider } from './app-token.provider';
import { KrogerBreakers } from './circuit-breaker';
import { KrogerConnection } from './kroger-connection';
import { KrogerError } from './kroger-error';
import { krogerErrorFromResponse, parseRetryAfter } from './kroger-error-parser';
import { parseTokens } from './kroger-parsers';
import { KrogerTokens } from './kroger-types';
import { DEFAULT_RETRY, nextRetryDelay, RetrySettings, sleep } from './retry-policy';
import { apiOf, KrogerApi, QuotaEndpoint, QuotaLedger } from './quota-ledger';
import { requestContext } from '../common/request-context';
import { MetricsService } from '../metrics/metrics.service';
import { SpendBudget } from './spend/spend-budget';

/** How a call authenticates: an application token, a customer's token, or the client itself (Basic: requestToken). */
export type KrogerAuth =
  | { kind: 'app'; scopes: string[] }
  | { kind: 'user'; accessToken: () => Promise<string>; refresh?: () => Promise<string | undefined> }
  | { kind: 'client' };

export interface KrogerRequest {
  endpoint: QuotaEndpoint;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  auth: KrogerAuth;
}

/** The grants this service asks Kroger's token endpoint for, as its form fields. */
export type TokenGrant =
  | { grant_type: 'client_credentials'; scope: string }
  | { grant_type: 'authorization_code'; code: string; redirect_uri: string; code_verifier: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

export interface KrogerResponse<T = unknown> {
  status: number;
  data: T;
}

/** Connection failures where the request certainly did not reach Kroger. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The one way out to Kroger. Every call passes here: base URL and timeout, authentication, quota
 * accounting and 429 handling, the caller's share of the quota, the circuit breaker of its API, retries of reads, and the parsing
 * of Kroger's errors. Authorization headers and secrets never reach a log line or an error.
 */
export class KrogerHttp {
  private readonly logger = new Logger('KrogerHttp');
  readonly appTokens: AppTokenProvider;
  private readonly retry: RetrySettings;

  constructor(
    private readonly http: HttpService,
    private readonly connection: KrogerConnection,
    private readonly ledger: QuotaLedger,
    private readonly settings: KrogerGatewayConfig,
    private readonly breakers: KrogerBreakers,
    private readonly spend: SpendBudget,
    private readonly metrics: MetricsService,
  ) {
    this.retry = { ...DEFAULT_RETRY, attempts: settings.retryAttempts, budgetMs: settings.retryBudgetMs };
    this.appTokens = new AppTokenProvider(async (scopes) => {
      // The application's token serves every caller: the service's own spend, charged to no one.
      const tokens = await requestContext.runAsService(() =>
        this.requestToken({ grant_type: 'client_credentials', scope: scopes.join(' ') }),
      );
      // A token without a usable lifetime is cached for Kroger's usual 30 minutes, not renewed per call.
      return { accessToken: tokens.accessToken, expiresInSeconds: tokens.expiresInSeconds || 1800 };
    });
  }

  /** Kroger's token endpoint, for every grant: a form, the client's Basic credentials, one parser. */
  async requestToken(grant: TokenGrant): Promise<KrogerTokens> {
    const response = await this.send({
      endpoint: 'token',
      method: 'POST',
      path: '/v1/connect/oauth2/token',
      form: grant,
      auth: { kind: 'client' },
    });
    return parseTokens(response.data);
  }

  async send<T>(request: KrogerRequest): Promise<KrogerResponse<T>> {
    const api = apiOf(request.endpoint);
    const breaker = this.breakers.of(api);
    const read = request.method === 'GET' || request.method === 'HEAD';
    const started = Date.now();
    let authRetried = false;

    for (let attempt = 1; ; attempt += 1) {
      const exhausted = this.ledger.exhaustedFor(request.endpoint);
      if (exhausted !== undefined) {
        this.refused(request, 'quota_exhausted');
        throw new KrogerError({
          failure: 'quota_exhausted',
          retryable: true,
          retryAfterSeconds: exhausted,
          api: apiOf(request.endpoint),
        });
      }
      if (!breaker.tryAcquire()) {
        this.refused(request, 'circuit_open');
        throw new KrogerError({
          failure: 'circuit_open',
          retryable: true,
          retryAfterSeconds: breaker.retryAfterSeconds(),
          api,
        });
      }
      try {
        await this.spend.charge(request.endpoint, { write: !read, asCustomer: request.auth.kind === 'user' });
      } catch (error) {
        // Refused before anything was sent: the half-open breaker's one probe goes to the next caller.
        breaker.release();
        this.refused(request, 'spend_refused');
        throw error;
      }
      const authorization = await this.authorization(request.auth);
      this.ledger.count(request.endpoint);
      const sentAt = Date.now();
      let response: AxiosResponse;
      try {
        response = await this.http.axiosRef.request({
          baseURL: this.connection.baseUrl,
          url: request.path,
          method: request.method,
          params: request.query,
          data: request.form ? new URLSearchParams(request.form).toString() : request.json,
          headers: {
            Accept: 'application/json',
            Authorization: authorization,
            ...(request.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
            ...(request.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          timeout: this.settings.timeoutMs,
          validateStatus: () => true,
          // Redirects from Kroger's API are not expected; never follow one with our credentials.
          maxRedirects: 0,
        });
      } catch (error) {
        breaker.recordFailure();
        const failure = this.networkFailure(error as AxiosError, api, read);
        const delay = failure.retryable && read ? nextRetryDelay(attempt, Date.now() - started, this.retry) : undefined;
        this.observe(
          request,
          sentAt,
          isTimeout(error as AxiosError) ? 'timeout' : 'network_error',
          (error as AxiosError).code,
        );
        if (delay === undefined) throw failure;
        await sleep(delay);
        continue;
      }
      this.observe(request, sentAt, response.status);

      if (response.status < 400) {
        breaker.recordSuccess();
        return { status: response.status, data: response.data as T };
      }
      const error = krogerErrorFromResponse(
        apiOf(request.endpoint),
        response.status,
        response.data,
        header(response, 'retry-after'),
      );
      if (response.status === 429) {
        // Not a sign of ill health: the budget is spent. Stop calling instead of retrying.
        breaker.recordSuccess();
        this.ledger.markExhausted(request.endpoint, error.retryAfterSeconds);
        throw error;
      }
      if (response.status >= 500) {
        breaker.recordFailure();
        if (!read) throw this.outcomeUnknown(api, error);
        const delay = nextRetryDelay(
          attempt,
          Date.now() - started,
          this.retry,
          parseRetryAfter(header(response, 'retry-after')),
        );
        if (delay === undefined) throw error;
        await sleep(delay);
        continue;
      }
      breaker.recordSuccess();
      if (response.status === 401 && !authRetried && (await this.renewAfterUnauthorized(request.auth, authorization))) {
        authRetried = true;
        attempt -= 1;
        continue;
      }
      throw error;
    }
  }

  private async authorization(auth: KrogerAuth): Promise<string> {
    switch (auth.kind) {
      case 'client':
        return `Basic ${Buffer.from(`${encodeURIComponent(this.connection.clientId)}:${encodeURIComponent(this.connection.clientSecret)}`).toString('base64')}`;
      case 'app':
        return `Bearer ${await this.appTokens.get(auth.scopes)}`;
      case 'user':
        return `Bearer ${await auth.accessToken()}`;
    }
  }

  /** One new token after a 401: a fresh application token, or the customer's refresh. */
  private async renewAfterUnauthorized(auth: KrogerAuth, used: string): Promise<boolean> {
    if (auth.kind === 'app') {
      this.appTokens.invalidate(auth.scopes, used.replace(/^Bearer /, ''));
      return true;
    }
    if (auth.kind === 'user' && auth.refresh) return (await auth.refresh()) !== undefined;
    return false;
  }

  private networkFailure(error: AxiosError, api: KrogerApi, read: boolean): KrogerError {
    const timedOut = isTimeout(error);
    const sent = !NOT_SENT.has(error.code ?? '');
    if (!read && sent) return this.outcomeUnknown(api, undefined, error.code);
    return new KrogerError({
      failure: timedOut ? 'timeout' : 'unavailable',
      retryable: true,
      reason: timedOut
        ? `no answer within ${this.settings.timeoutMs} ms`
        : `connection failed (${error.code ?? 'network error'})`,
      api,
    });
  }

  private outcomeUnknown(api: KrogerApi, upstream?: KrogerError, code?: string): KrogerError {
    return new KrogerError({
      failure: 'outcome_unknown',
      retryable: false,
      api,
      upstreamStatus: upstream?.upstreamStatus,
      upstreamCode: upstream?.upstreamCode,
      reason: upstream?.reason ?? code,
    });
  }

  /**
   * Every attempt sent to Kroger: its latency histogram, the count on the request's log line, and a
   * log line of its own (debug; warn when Kroger failed) that carries the request's id, as every line
   * logged while handling a request does. The id is not sent to Kroger, which documents no header for
   * it and would ignore it; the request id may also be the client's own.
   */
  private observe(
    request: KrogerRequest,
    sentAt: number,
    result: number | 'timeout' | 'network_error',
    errorCode?: string,
  ): void {
    const ms = Date.now() - sentAt;
    const outcome = typeof result === 'number' ? outcomeOf(result) : result;
    this.metrics.krogerCalls.observe({ api: apiOf(request.endpoint), endpoint: request.endpoint, outcome }, ms / 1000);
    requestContext.noteKrogerCall(ms);
    // Paths and query parameters only: headers (and so every credential) stay out of logs.
    const line = {
      kroger: {
        method: request.method,
        path: request.path,
        endpoint: request.endpoint,
        status: typeof result === 'number' ? result : null,
        outcome,
        ms,
        error: errorCode,
      },
    };
    if (outcome === 'server_error' || outcome === 'timeout' || outcome === 'network_error')
      this.logger.warn(line, 'Kroger call failed');
    else this.logger.debug(line, 'Kroger call');
  }

  private refused(request: KrogerRequest, reason: 'quota_exhausted' | 'circuit_open' | 'spend_refused'): void {
    this.metrics.krogerRefusals.inc({ api: apiOf(request.endpoint), endpoint: request.endpoint, reason });
  }
}

function isTimeout(error: AxiosError): boolean {
  return error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || /timeout/i.test(error.message);
}

/** A bounded outcome label from Kroger's status. */
function outcomeOf(status: number): string {
  if (status < 400) return 'ok';
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'server_error' : 'client_error';
}

function header(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers?.[name];
  return typeof value === 'string' ? value : undefined;
}
