import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';

/** A personal access token as stored, without its hash. */
export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const API_TOKEN = {
  id: true,
  userId: true,
  name: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} satisfies Prisma.ApiTokenSelect;

/** The ApiToken table: personal access tokens, found by the hash of the secret. */
@Injectable()
export class ApiTokenRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(token: {
    userId: string;
    name: string;
    scopes: string[];
    hash: string;
    expiresAt: Date;
    /** The personal token that minted this one, if any. */
    parentTokenId?: string;
  }): Promise<ApiToken> {
    return this.prisma.apiToken.create({
      data: {
        userId: token.userId,
        name: token.name,
        scopes: token.scopes,
        tokenHash: token.hash,
        expiresAt: token.expiresAt,
        parentTokenId: token.parentTokenId,
      },
      select: API_TOKEN,
    });
  }

  /** One page of the tokens not revoked (expired ones included), newest first, and how many there are. */
  async pageUnrevokedByUserId(
    userId: string,
    skip: number,
    take: number,
  ): Promise<{ tokens: ApiToken[]; total: number }> {
    const where = { userId, revokedAt: null };
    const [tokens, total] = await this.prisma.$transaction([
      this.prisma.apiToken.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip,
        take,
        select: API_TOKEN,
      }),
      this.prisma.apiToken.count({ where }),
    ]);
    return { tokens, total };
  }

  async findByHash(hash: string): Promise<ApiToken | undefined> {
    return (await this.prisma.apiToken.findUnique({ where: { tokenHash: hash }, select: API_TOKEN })) ?? undefined;
  }

  async findById(tokenId: string): Promise<ApiToken | undefined> {
    return (await this.prisma.apiToken.findUnique({ where: { id: tokenId }, select: API_TOKEN })) ?? undefined;
  }

  async recordUse(tokenId: string, at: Date): Promise<void> {
    await this.prisma.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: at } });
  }

  /**
   * Revokes the user's token and every token minted from it, at any depth, in one statement.
   * False when the user has no such unrevoked token.
   */
  async revokeWithDescendants(tokenId: string, userId: string): Promise<boolean> {
    const revoked = await this.prisma.$queryRaw<{ id: string }[]>`
      with recursive family as (
        select "id" from "ApiToken" where "id" = ${tokenId}::uuid and "userId" = ${userId}::uuid and "revokedAt" is null
        union
        select t."id" from "ApiToken" t join family f on t."parentTokenId" = f."id"
      )
      update "ApiToken" set "revokedAt" = now()
      where "id" in (select "id" from family) and "revokedAt" is null
      returning "id"`;
    return revoked.length > 0;
  }

  /** Revokes every unrevoked personal token of the user (minted ones included); how many. */
  async revokeAllOfUser(userId: string): Promise<number> {
    const result = await this.prisma.apiToken.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return result.count;
  }
}
