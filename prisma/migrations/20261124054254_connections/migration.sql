-- CreateEnum
CREATE TYPE "BankProviderName" AS ENUM ('PLAID', 'PLUGGY');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('CONNECTED', 'SYNCING', 'LOGIN_REQUIRED', 'ERROR', 'DISCONNECTED');

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "connectionId" TEXT;

-- CreateTable
CREATE TABLE "connections" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "provider" "BankProviderName" NOT NULL,
    "itemRef" TEXT NOT NULL,
    "secret" TEXT,
    "institutionId" TEXT NOT NULL,
    "institutionName" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'CONNECTED',
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "consentExpiresAt" TIMESTAMP(3),
    "lastSyncedAt" TIMESTAMP(3),
    "disconnectedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connection_shares" (
    "connectionId" TEXT NOT NULL,
    "bookId" TEXT NOT NULL,
    "sharedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connection_shares_pkey" PRIMARY KEY ("connectionId","bookId")
);

-- CreateTable
CREATE TABLE "institution_accounts" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "officialName" TEXT,
    "mask" TEXT,
    "type" TEXT NOT NULL,
    "subtype" TEXT,
    "currency" TEXT NOT NULL,
    "balanceCurrent" DECIMAL(24,8),
    "balanceAvailable" DECIMAL(24,8),
    "balanceAt" TIMESTAMP(3),
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "institution_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "connections_ownerId_idx" ON "connections"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "connections_provider_itemRef_key" ON "connections"("provider", "itemRef");

-- CreateIndex
CREATE INDEX "connection_shares_bookId_idx" ON "connection_shares"("bookId");

-- CreateIndex
CREATE UNIQUE INDEX "institution_accounts_connectionId_providerAccountId_key" ON "institution_accounts"("connectionId", "providerAccountId");

-- CreateIndex
CREATE INDEX "audit_events_connectionId_at_idx" ON "audit_events"("connectionId", "at");

-- AddForeignKey
ALTER TABLE "connections" ADD CONSTRAINT "connections_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connection_shares" ADD CONSTRAINT "connection_shares_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connection_shares" ADD CONSTRAINT "connection_shares_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "books"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connection_shares" ADD CONSTRAINT "connection_shares_sharedById_fkey" FOREIGN KEY ("sharedById") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "institution_accounts" ADD CONSTRAINT "institution_accounts_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
