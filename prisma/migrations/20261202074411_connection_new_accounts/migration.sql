-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "newAccountsAt" TIMESTAMP(3);
