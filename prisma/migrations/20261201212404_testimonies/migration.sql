-- CreateTable
CREATE TABLE "TestimonyVersion" (
    "testimonyId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "caseId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "signature" BYTEA NOT NULL,
    "legalUseConsent" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestimonyVersion_pkey" PRIMARY KEY ("testimonyId","version")
);

-- CreateIndex
CREATE INDEX "TestimonyVersion_caseId_idx" ON "TestimonyVersion"("caseId");

-- AddForeignKey
ALTER TABLE "TestimonyVersion" ADD CONSTRAINT "TestimonyVersion_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
