-- Transfer pairing (docs/architecture.md#transfer-pairing): the TransferPair record, each Posting's
-- pair, and the evidence the matcher reads stored on bank transactions.
-- CreateEnum
CREATE TYPE "TransferPairState" AS ENUM ('SUGGESTED', 'PAIRING', 'PAIRED', 'SPLIT', 'DISSOLVED');

-- AlterTable
ALTER TABLE "bank_transactions" ADD COLUMN     "billId" TEXT,
ADD COLUMN     "category" TEXT,
ADD COLUMN     "payerAccount" TEXT,
ADD COLUMN     "paymentReference" TEXT,
ADD COLUMN     "receiverAccount" TEXT;

-- AlterTable
ALTER TABLE "postings" ADD COLUMN     "transferPairId" TEXT;

-- CreateTable
CREATE TABLE "transfer_pairs" (
    "id" TEXT NOT NULL,
    "bookId" TEXT NOT NULL,
    "pairKey" TEXT NOT NULL,
    "payerPostingId" TEXT,
    "receiverPostingId" TEXT,
    "state" "TransferPairState" NOT NULL,
    "survivorTransactionId" TEXT,
    "retireTransactionId" TEXT,
    "date" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "difference" TEXT,
    "score" INTEGER NOT NULL,
    "signals" JSONB NOT NULL DEFAULT '[]',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "transfer_pairs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "transfer_pairs_bookId_state_idx" ON "transfer_pairs"("bookId", "state");

-- CreateIndex
CREATE INDEX "transfer_pairs_payerPostingId_idx" ON "transfer_pairs"("payerPostingId");

-- CreateIndex
CREATE INDEX "transfer_pairs_receiverPostingId_idx" ON "transfer_pairs"("receiverPostingId");

-- CreateIndex
CREATE UNIQUE INDEX "transfer_pairs_bookId_pairKey_key" ON "transfer_pairs"("bookId", "pairKey");

-- AddForeignKey
ALTER TABLE "postings" ADD CONSTRAINT "postings_transferPairId_fkey" FOREIGN KEY ("transferPairId") REFERENCES "transfer_pairs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer_pairs" ADD CONSTRAINT "transfer_pairs_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "books"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer_pairs" ADD CONSTRAINT "transfer_pairs_payerPostingId_fkey" FOREIGN KEY ("payerPostingId") REFERENCES "postings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer_pairs" ADD CONSTRAINT "transfer_pairs_receiverPostingId_fkey" FOREIGN KEY ("receiverPostingId") REFERENCES "postings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A Posting is in at most one PAIRING or PAIRED pair (as payer or as receiver): a second worker
-- deciding the same side another way fails here instead of recording a movement twice. Prisma's
-- schema language has no partial indexes, so they are written here only.
CREATE UNIQUE INDEX "transfer_pairs_active_payer_key" ON "transfer_pairs"("payerPostingId") WHERE "state" IN ('PAIRING', 'PAIRED');
CREATE UNIQUE INDEX "transfer_pairs_active_receiver_key" ON "transfer_pairs"("receiverPostingId") WHERE "state" IN ('PAIRING', 'PAIRED');
