-- CreateTable
CREATE TABLE "KrogerSpend" (
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "userId" UUID,
    "count" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "windowEnd" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KrogerSpend_pkey" PRIMARY KEY ("kind","subject","endpoint")
);

-- CreateTable
CREATE TABLE "KrogerSpendShare" (
    "userId" UUID NOT NULL,
    "shareBp" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KrogerSpendShare_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "KrogerSpend_userId_idx" ON "KrogerSpend"("userId");

-- CreateIndex
CREATE INDEX "KrogerSpend_kind_count_idx" ON "KrogerSpend"("kind", "count");
