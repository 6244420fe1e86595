-- CreateEnum
CREATE TYPE "EvidenceState" AS ENUM ('uploading', 'ready');

-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('unreviewed', 'relevant', 'admissible', 'needs_translation', 'needs_corroboration', 'excluded');

-- CreateTable
CREATE TABLE "Evidence" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "uploaderId" UUID NOT NULL,
    "state" "EvidenceState" NOT NULL DEFAULT 'uploading',
    "size" BIGINT NOT NULL,
    "partSize" INTEGER NOT NULL,
    "partCount" INTEGER NOT NULL,
    "sha256" BYTEA,
    "signature" BYTEA,
    "signedAt" TIMESTAMP(3),
    "reviewStatus" "ReviewStatus" NOT NULL DEFAULT 'unreviewed',
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finalisedAt" TIMESTAMP(3),

    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvidencePart" (
    "evidenceId" UUID NOT NULL,
    "partNumber" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvidencePart_pkey" PRIMARY KEY ("evidenceId","partNumber")
);

-- CreateTable
CREATE TABLE "Blob" (
    "key" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Blob_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Evidence_caseId_state_idx" ON "Evidence"("caseId", "state");

-- CreateIndex
CREATE INDEX "Evidence_state_createdAt_idx" ON "Evidence"("state", "createdAt");

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidencePart" ADD CONSTRAINT "EvidencePart_evidenceId_fkey" FOREIGN KEY ("evidenceId") REFERENCES "Evidence"("id") ON DELETE CASCADE ON UPDATE CASCADE;
