import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { clientOf, Transaction } from '../database/unit-of-work';

export interface User {
  id: string;
  createdAt: Date;
}

/** The User table: a person using our clients, created when they first link a Kroger account. */
@Injectable()
export class UserRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(tx?: Transaction): Promise<User> {
    return clientOf(this.prisma, tx).user.create({ data: {}, select: { id: true, createdAt: true } });
  }

  async findById(userId: string): Promise<User | undefined> {
    return (
      (await this.prisma.user.findUnique({ where: { id: userId }, select: { id: true, createdAt: true } })) ?? undefined
    );
  }

  /** Rejects with Prisma's not-found error (answered as 404) when there is no such user. */
  getById(userId: string): Promise<User> {
    return this.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, createdAt: true } });
  }
}
