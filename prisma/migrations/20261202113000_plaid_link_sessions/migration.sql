-- CreateEnum
CREATE TYPE "LinkSessionMode" AS ENUM ('NEW', 'RECONNECT');

-- CreateTable
CREATE TABLE "plaid_link_sessions" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "bookId" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "mode" "LinkSessionMode" NOT NULL,
    "connectionId" TEXT,
    "linkToken" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "plaid_link_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "plaid_link_sessions_userId_createdAt_idx" ON "plaid_link_sessions"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "plaid_link_sessions_connectionId_idx" ON "plaid_link_sessions"("connectionId");

-- AddForeignKey
ALTER TABLE "plaid_link_sessions" ADD CONSTRAINT "plaid_link_sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plaid_link_sessions" ADD CONSTRAINT "plaid_link_sessions_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "books"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plaid_link_sessions" ADD CONSTRAINT "plaid_link_sessions_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
