-- CreateEnum
CREATE TYPE "IntegrationStatus" AS ENUM ('ACTIVE', 'SYNCING', 'ERROR');

-- CreateTable
CREATE TABLE "integrations" (
    "id" TEXT NOT NULL,
    "bookId" TEXT NOT NULL,
    "institutionAccountId" TEXT NOT NULL,
    "bookAccountId" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "createdById" TEXT,
    "status" "IntegrationStatus" NOT NULL DEFAULT 'ACTIVE',
    "errorMessage" TEXT,
    "postedCount" INTEGER NOT NULL DEFAULT 0,
    "lastPostedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "integrations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "integrations_institutionAccountId_idx" ON "integrations"("institutionAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "integrations_bookId_institutionAccountId_key" ON "integrations"("bookId", "institutionAccountId");

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "books"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_institutionAccountId_fkey" FOREIGN KEY ("institutionAccountId") REFERENCES "institution_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
