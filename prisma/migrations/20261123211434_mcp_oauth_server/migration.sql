-- AlterTable
ALTER TABLE "OAuthState" ADD COLUMN     "interactionUid" TEXT,
ADD COLUMN     "reauthUserId" UUID;

-- CreateTable
CREATE TABLE "ReauthTicket" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReauthTicket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthServerArtifact" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "accountId" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthServerArtifact_pkey" PRIMARY KEY ("kind","id")
);

-- CreateIndex
CREATE INDEX "ReauthTicket_expiresAt_idx" ON "ReauthTicket"("expiresAt");

-- CreateIndex
CREATE INDEX "OAuthServerArtifact_grantId_idx" ON "OAuthServerArtifact"("grantId");

-- CreateIndex
CREATE INDEX "OAuthServerArtifact_uid_idx" ON "OAuthServerArtifact"("uid");

-- CreateIndex
CREATE INDEX "OAuthServerArtifact_accountId_idx" ON "OAuthServerArtifact"("accountId");

-- CreateIndex
CREATE INDEX "OAuthServerArtifact_expiresAt_idx" ON "OAuthServerArtifact"("expiresAt");

-- AddForeignKey
ALTER TABLE "ReauthTicket" ADD CONSTRAINT "ReauthTicket_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
