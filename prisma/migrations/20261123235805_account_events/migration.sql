-- CreateTable
CREATE TABLE "AccountEvent" (
    "id" BIGSERIAL NOT NULL,
    "userId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountEventPurge" (
    "userId" UUID NOT NULL,
    "purgedThroughId" BIGINT NOT NULL,

    CONSTRAINT "AccountEventPurge_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "AccountEvent_userId_id_idx" ON "AccountEvent"("userId", "id");

-- CreateIndex
CREATE INDEX "AccountEvent_createdAt_idx" ON "AccountEvent"("createdAt");
