-- CreateIndex
CREATE INDEX "bank_transactions_institutionAccountId_date_idx" ON "bank_transactions"("institutionAccountId", "date");
