import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';

/** The store a user shops at, with the chain and name Kroger gave when it was chosen. */
export interface PreferredLocationRow {
  locationId: string;
  chain: string;
  name: string;
  updatedAt: Date;
}

const PREFERRED_LOCATION = {
  locationId: true,
  chain: true,
  name: true,
  updatedAt: true,
} satisfies Prisma.PreferredLocationSelect;

/** The PreferredLocation table: at most one store per user. */
@Injectable()
export class PreferredLocationRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findByUserId(userId: string): Promise<PreferredLocationRow | undefined> {
    return (
      (await this.prisma.preferredLocation.findUnique({ where: { userId }, select: PREFERRED_LOCATION })) ?? undefined
    );
  }

  async findLocationIdByUserId(userId: string): Promise<string | undefined> {
    const row = await this.prisma.preferredLocation.findUnique({ where: { userId }, select: { locationId: true } });
    return row?.locationId;
  }

  save(userId: string, store: Omit<PreferredLocationRow, 'updatedAt'>): Promise<PreferredLocationRow> {
    return this.prisma.preferredLocation.upsert({
      where: { userId },
      create: { userId, ...store },
      update: store,
      select: PREFERRED_LOCATION,
    });
  }

  async deleteByUserId(userId: string): Promise<void> {
    await this.prisma.preferredLocation.deleteMany({ where: { userId } });
  }
}
