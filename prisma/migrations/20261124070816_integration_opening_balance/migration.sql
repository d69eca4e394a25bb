-- AlterTable
ALTER TABLE "integrations" ADD COLUMN     "openingBalance" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "openingRemoteId" TEXT;
