-- AlterTable
ALTER TABLE "CartLedgerEntry" ADD COLUMN     "checkedOutAt" TIMESTAMP(3),
ADD COLUMN     "checkoutId" UUID,
ADD COLUMN     "removedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "CartLedgerEntry_userId_checkoutId_createdAt_idx" ON "CartLedgerEntry"("userId", "checkoutId", "createdAt");
