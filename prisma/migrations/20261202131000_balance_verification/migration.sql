-- Balance verification: the bank's running balance after a transaction (Pluggy's `balance`, where
-- the bank gives it), and the per-integration setting to check transactions up to the last day the
-- Book's posted balance agrees with the bank.
ALTER TABLE "bank_transactions" ADD COLUMN     "runningBalance" DECIMAL(24,8);
ALTER TABLE "integrations" ADD COLUMN     "autoCheck" BOOLEAN NOT NULL DEFAULT false;
