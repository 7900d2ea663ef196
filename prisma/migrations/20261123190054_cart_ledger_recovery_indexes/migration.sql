-- CreateIndex
CREATE INDEX "CartLedgerEntry_status_createdAt_idx" ON "CartLedgerEntry"("status", "createdAt");

-- CreateIndex
CREATE INDEX "CartLedgerEntry_userId_idempotencyKey_idx" ON "CartLedgerEntry"("userId", "idempotencyKey");
