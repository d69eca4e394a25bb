-- CreateTable
CREATE TABLE "integration_verifications" (
    "integrationId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integration_verifications_pkey" PRIMARY KEY ("integrationId")
);

-- AddForeignKey
ALTER TABLE "integration_verifications" ADD CONSTRAINT "integration_verifications_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
