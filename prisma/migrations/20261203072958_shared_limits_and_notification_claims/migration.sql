-- CreateTable
CREATE TABLE "rate_limit_windows" (
    "key" TEXT NOT NULL,
    "hits" BIGINT[],
    "allowed" BOOLEAN NOT NULL DEFAULT true,
    "expiresAtMs" BIGINT NOT NULL,

    CONSTRAINT "rate_limit_windows_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "notification_sends" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "problem" TEXT NOT NULL,
    "epoch" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "notification_sends_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rate_limit_windows_expiresAtMs_idx" ON "rate_limit_windows"("expiresAtMs");

-- CreateIndex
CREATE INDEX "notification_sends_recipientId_idx" ON "notification_sends"("recipientId");

-- CreateIndex
CREATE UNIQUE INDEX "notification_sends_connectionId_problem_recipientId_epoch_key" ON "notification_sends"("connectionId", "problem", "recipientId", "epoch");

-- AddForeignKey
ALTER TABLE "notification_sends" ADD CONSTRAINT "notification_sends_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_sends" ADD CONSTRAINT "notification_sends_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
