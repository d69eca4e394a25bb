-- CreateEnum
CREATE TYPE "PostingState" AS ENUM ('NEW', 'POSTED', 'SKIPPED', 'TRASHED', 'FLAGGED');

-- CreateEnum
CREATE TYPE "SyncRunState" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "nextSyncAt" TIMESTAMP(3),
ADD COLUMN     "syncCursor" TEXT,
ADD COLUMN     "syncLeaseOwner" TEXT,
ADD COLUMN     "syncLeaseUntil" TIMESTAMP(3),
ADD COLUMN     "syncReconcileFrom" DATE,
ADD COLUMN     "syncStartCursor" TEXT,
ADD COLUMN     "warningMessage" TEXT;

-- CreateTable
CREATE TABLE "bank_transactions" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "institutionAccountId" TEXT NOT NULL,
    "providerTransactionId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "amount" DECIMAL(24,8) NOT NULL,
    "direction" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "pending" BOOLEAN NOT NULL,
    "pendingTransactionId" TEXT,
    "removed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "bank_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "postings" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "bankTransactionId" TEXT NOT NULL,
    "state" "PostingState" NOT NULL DEFAULT 'NEW',
    "dirty" BOOLEAN NOT NULL DEFAULT true,
    "skipReason" TEXT,
    "bookTransactionId" TEXT,
    "postedDate" TEXT,
    "postedAmount" TEXT,
    "postedDescription" TEXT,
    "postedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "postings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "state" "SyncRunState" NOT NULL DEFAULT 'RUNNING',
    "worker" TEXT,
    "added" INTEGER NOT NULL DEFAULT 0,
    "modified" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "posted" INTEGER NOT NULL DEFAULT 0,
    "pages" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "retryAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" TEXT NOT NULL,
    "provider" "BankProviderName" NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "connectionId" TEXT,
    "outcome" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bank_transactions_connectionId_idx" ON "bank_transactions"("connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "bank_transactions_institutionAccountId_providerTransactionI_key" ON "bank_transactions"("institutionAccountId", "providerTransactionId");

-- CreateIndex
CREATE INDEX "postings_dirty_nextAttemptAt_idx" ON "postings"("dirty", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "postings_integrationId_postedAt_idx" ON "postings"("integrationId", "postedAt");

-- CreateIndex
CREATE UNIQUE INDEX "postings_integrationId_bankTransactionId_key" ON "postings"("integrationId", "bankTransactionId");

-- CreateIndex
CREATE INDEX "sync_runs_connectionId_startedAt_idx" ON "sync_runs"("connectionId", "startedAt");

-- CreateIndex
CREATE INDEX "sync_runs_state_heartbeatAt_idx" ON "sync_runs"("state", "heartbeatAt");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_provider_dedupeKey_key" ON "webhook_events"("provider", "dedupeKey");

-- CreateIndex
CREATE INDEX "connections_nextSyncAt_idx" ON "connections"("nextSyncAt");

-- AddForeignKey
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_institutionAccountId_fkey" FOREIGN KEY ("institutionAccountId") REFERENCES "institution_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postings" ADD CONSTRAINT "postings_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postings" ADD CONSTRAINT "postings_bankTransactionId_fkey" FOREIGN KEY ("bankTransactionId") REFERENCES "bank_transactions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
