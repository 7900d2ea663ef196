import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import { createHash } from 'node:crypto';
import { OAuthArtifactRepository } from './oauth-artifact.repository';

/** Artifacts whose id is a bearer secret: the payload keeps no copy of it (`jti`), the row only its hash. */
const SECRET_KINDS = new Set(['AccessToken', 'RefreshToken', 'AuthorizationCode', 'ClientCredentials']);
/** A registered client's idle expiry is moved forward at most this often (one write per hour of use). */
const CLIENT_TOUCH_MS = 60 * 60 * 1000;

const hash = (id: string) => createHash('sha256').update(id).digest('base64url');

/**
 * oidc-provider's storage in PostgreSQL (one table for every kind), so any instance can continue a
 * flow another one started. Registered clients expire after `clientIdleMs` without use.
 */
export function artifactAdapterFactory(repository: OAuthArtifactRepository, clientIdleMs: number) {
  return class OAuthArtifactAdapter implements Adapter {
    constructor(private readonly kind: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const stored: Record<string, unknown> = { ...payload };
      if (SECRET_KINDS.has(this.kind)) delete stored.jti;
      const expiresAt = expiresIn
        ? new Date(Date.now() + expiresIn * 1000)
        : this.kind === 'Client'
          ? new Date(Date.now() + clientIdleMs)
          : null;
      await repository.upsert({
        kind: this.kind,
        id: hash(id),
        payload: stored,
        grantId: payload.grantId,
        uid: payload.uid,
        accountId: payload.accountId,
        expiresAt,
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const row = await repository.find(this.kind, hash(id));
      if (!row) return undefined;
      if (
        this.kind === 'Client' &&
        row.expiresAt &&
        row.expiresAt.getTime() - Date.now() < clientIdleMs - CLIENT_TOUCH_MS
      )
        await repository.extendExpiry(this.kind, hash(id), new Date(Date.now() + clientIdleMs));
      const payload = { ...row.payload } as AdapterPayload;
      if (SECRET_KINDS.has(this.kind)) payload.jti = id;
      if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
      return payload;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const row = await repository.findIdByUid(this.kind, uid);
      return row ? (row.payload as AdapterPayload) : undefined;
    }

    findByUserCode(): Promise<AdapterPayload | undefined> {
      // The device flow is not enabled.
      return Promise.resolve(undefined);
    }

    /**
     * oidc-provider reads `consumed` and then consumes: two concurrent redemptions of one code or
     * refresh token would both pass its check. The loser of the atomic write is treated as reuse,
     * as oidc-provider treats a sequential one: the grant ends and the request is refused.
     */
    async consume(id: string): Promise<void> {
      if (await repository.consumeOnce(this.kind, hash(id))) return;
      const grantId = await repository.grantIdOf(this.kind, hash(id));
      if (grantId) await repository.deleteByGrantId(grantId);
      throw new errors.InvalidGrant(
        `${this.kind === 'AuthorizationCode' ? 'authorization code' : 'token'} already used`,
      );
    }

    destroy(id: string): Promise<void> {
      return repository.delete(this.kind, hash(id));
    }

    revokeByGrantId(grantId: string): Promise<void> {
      return repository.deleteByGrantId(grantId);
    }
  };
}
