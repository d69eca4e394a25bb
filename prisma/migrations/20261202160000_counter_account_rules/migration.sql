-- Counter-account suggestions (issue 14): what the provider says about the other party of a bank
-- transaction (merchant, category, counterpart name and CNPJ/CPF), written to the Book as the draft's
-- properties; and the Book-level rules ("description contains X -> Account Y") applied to new drafts.
-- AlterTable
ALTER TABLE "bank_transactions" ADD COLUMN     "details" JSONB;

-- CreateTable
CREATE TABLE "counter_account_rules" (
    "id" TEXT NOT NULL,
    "bookId" TEXT NOT NULL,
    "contains" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "direction" TEXT,
    "minAmount" DECIMAL(24,8),
    "maxAmount" DECIMAL(24,8),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "counter_account_rules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "counter_account_rules_bookId_idx" ON "counter_account_rules"("bookId");

-- AddForeignKey
ALTER TABLE "counter_account_rules" ADD CONSTRAINT "counter_account_rules_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "books"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "counter_account_rules" ADD CONSTRAINT "counter_account_rules_direction_check" CHECK ("direction" IS NULL OR "direction" IN ('in', 'out'));
