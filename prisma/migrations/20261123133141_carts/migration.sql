-- CreateEnum
CREATE TYPE "CartLineStatus" AS ENUM ('SENT', 'ACCEPTED', 'UNKNOWN', 'FAILED');

-- CreateTable
CREATE TABLE "CartLedgerEntry" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "upc" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "modality" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" "CartLineStatus" NOT NULL DEFAULT 'SENT',
    "errorCode" TEXT,
    "productName" TEXT,
    "unitPrice" DOUBLE PRECISION,
    "locationId" TEXT,
    "idempotencyKey" TEXT,
    "requestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CartLedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "userId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "completedAt" TIMESTAMP(3),
    "responseStatus" INTEGER,
    "responseBody" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("userId","key")
);

-- CreateIndex
CREATE INDEX "CartLedgerEntry_userId_createdAt_idx" ON "CartLedgerEntry"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "IdempotencyRecord_expiresAt_idx" ON "IdempotencyRecord"("expiresAt");

-- AddForeignKey
ALTER TABLE "CartLedgerEntry" ADD CONSTRAINT "CartLedgerEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdempotencyRecord" ADD CONSTRAINT "IdempotencyRecord_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
