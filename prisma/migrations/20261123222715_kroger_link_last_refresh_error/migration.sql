-- AlterTable
ALTER TABLE "KrogerLink" ADD COLUMN     "lastRefreshError" TEXT,
ADD COLUMN     "lastRefreshErrorAt" TIMESTAMP(3);
