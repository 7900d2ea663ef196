import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../../generated/prisma/client';
import { inBatches } from '../../database/in-batches';
import { PrismaService } from '../../database/prisma.service';

/** One oidc-provider artifact as stored: its payload and the columns its lookups need. */
export interface StoredArtifact {
  payload: Record<string, unknown>;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

export interface ArtifactWrite {
  kind: string;
  /** Already hashed by the caller: a stored id never works as a token. */
  id: string;
  payload: Record<string, unknown>;
  grantId?: string;
  uid?: string;
  accountId?: string;
  expiresAt: Date | null;
}

/** The OAuthServerArtifact table behind oidc-provider's adapter: named finders, plain rows. */
@Injectable()
export class OAuthArtifactRepository {
  constructor(private readonly prisma: PrismaService) {}

  async upsert(write: ArtifactWrite): Promise<void> {
    const data = {
      payload: write.payload as Prisma.InputJsonValue,
      grantId: write.grantId ?? null,
      uid: write.uid ?? null,
      accountId: write.accountId ?? null,
      expiresAt: write.expiresAt,
    };
    await this.prisma.oAuthServerArtifact.upsert({
      where: { kind_id: { kind: write.kind, id: write.id } },
      create: { kind: write.kind, id: write.id, ...data },
      update: data,
    });
  }

  /** An unexpired artifact by its hashed id. */
  find(kind: string, id: string): Promise<StoredArtifact | null> {
    return this.prisma.oAuthServerArtifact.findFirst({
      where: { kind, id, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
      select: { payload: true, expiresAt: true, consumedAt: true },
    }) as Promise<StoredArtifact | null>;
  }

  findIdByUid(kind: string, uid: string): Promise<{ payload: unknown } | null> {
    return this.prisma.oAuthServerArtifact.findFirst({
      where: { kind, uid, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
      select: { payload: true },
    });
  }

  /**
   * Marks a code or refresh token used, atomically: false when it already was (another request, maybe on
   * another instance, redeemed it between oidc-provider's read and this write).
   */
  async consumeOnce(kind: string, id: string): Promise<boolean> {
    const marked = await this.prisma.oAuthServerArtifact.updateMany({
      where: { kind, id, consumedAt: null },
      data: { consumedAt: new Date() },
    });
    return marked.count === 1;
  }

  /** The grant a code or token belongs to (to end it when its single use is broken). */
  async grantIdOf(kind: string, id: string): Promise<string | null> {
    const row = await this.prisma.oAuthServerArtifact.findFirst({ where: { kind, id }, select: { grantId: true } });
    return row?.grantId ?? null;
  }

  async delete(kind: string, id: string): Promise<void> {
    await this.prisma.oAuthServerArtifact.deleteMany({ where: { kind, id } });
  }

  /** Everything issued under one grant (codes, tokens, the grant itself): revocation. */
  async deleteByGrantId(grantId: string): Promise<void> {
    await this.prisma.oAuthServerArtifact.deleteMany({ where: { grantId } });
  }

  /** Moves an idle expiry forward (registered clients that keep being used never expire). */
  async extendExpiry(kind: string, id: string, expiresAt: Date): Promise<void> {
    await this.prisma.oAuthServerArtifact.updateMany({ where: { kind, id }, data: { expiresAt } });
  }

  /**
   * Every grant, token and AS session of a user (unlinking Kroger ends what MCP clients were given).
   * The grant ids are collected first, so artifacts that carry only a grant id go too.
   */
  async deleteByAccountId(accountId: string): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const grants = await tx.oAuthServerArtifact.findMany({
        where: { accountId, grantId: { not: null } },
        select: { grantId: true },
        distinct: ['grantId'],
      });
      const grantIds = grants.map((g) => g.grantId!);
      const deleted = await tx.oAuthServerArtifact.deleteMany({
        where: { OR: [{ accountId }, { grantId: { in: grantIds } }] },
      });
      return deleted.count;
    });
  }

  async deleteExpiredBefore(before: Date, batchSize = 1000): Promise<number> {
    return inBatches(
      batchSize,
      (limit) => this.prisma.$executeRaw`
        delete from "OAuthServerArtifact" where ("kind", "id") in (
          select "kind", "id" from "OAuthServerArtifact" where "expiresAt" < ${before} limit ${limit} for update skip locked)`,
    );
  }
}
