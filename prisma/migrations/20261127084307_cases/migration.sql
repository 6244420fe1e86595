/*
  Warnings:

  - Added the required column `createdById` to the `Case` table without a default value. This is not possible if the table is not empty.

*/
-- CreateEnum
CREATE TYPE "CaseRole" AS ENUM ('lead', 'member', 'reviewer');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "createdById" UUID NOT NULL,
ADD COLUMN     "currentEpoch" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "heldFrom" "CaseState";

-- CreateTable
CREATE TABLE "CaseMember" (
    "caseId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "CaseRole" NOT NULL,
    "needsKeyShare" BOOLEAN NOT NULL DEFAULT false,
    "addedById" UUID NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseMember_pkey" PRIMARY KEY ("caseId","userId")
);

-- CreateTable
CREATE TABLE "CaseKeyEpoch" (
    "caseId" UUID NOT NULL,
    "epoch" INTEGER NOT NULL,
    "createdById" UUID NOT NULL,
    "keyCheckValue" BYTEA NOT NULL,
    "signature" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseKeyEpoch_pkey" PRIMARY KEY ("caseId","epoch")
);

-- CreateTable
CREATE TABLE "CaseKeyGrant" (
    "caseId" UUID NOT NULL,
    "epoch" INTEGER NOT NULL,
    "recipientId" UUID NOT NULL,
    "sealedKey" BYTEA NOT NULL,
    "signerId" UUID NOT NULL,
    "signature" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseKeyGrant_pkey" PRIMARY KEY ("caseId","epoch","recipientId")
);

-- CreateTable
CREATE TABLE "CaseRecord" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "caseId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "authorId" UUID NOT NULL,
    "contentSealed" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseRecord_pkey" PRIMARY KEY ("id","version")
);

-- CreateTable
CREATE TABLE "CaseTransition" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "transition" TEXT NOT NULL,
    "fromState" "CaseState" NOT NULL,
    "toState" "CaseState" NOT NULL,
    "actorId" UUID NOT NULL,
    "reasonRecordId" UUID,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseTransition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseMember_userId_idx" ON "CaseMember"("userId");

-- CreateIndex
CREATE INDEX "CaseKeyGrant_recipientId_idx" ON "CaseKeyGrant"("recipientId");

-- CreateIndex
CREATE INDEX "CaseRecord_caseId_type_idx" ON "CaseRecord"("caseId", "type");

-- CreateIndex
CREATE INDEX "CaseRecord_caseId_epoch_idx" ON "CaseRecord"("caseId", "epoch");

-- CreateIndex
CREATE INDEX "CaseTransition_caseId_at_idx" ON "CaseTransition"("caseId", "at");

-- AddForeignKey
ALTER TABLE "CaseMember" ADD CONSTRAINT "CaseMember_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseMember" ADD CONSTRAINT "CaseMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseKeyEpoch" ADD CONSTRAINT "CaseKeyEpoch_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseKeyGrant" ADD CONSTRAINT "CaseKeyGrant_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseRecord" ADD CONSTRAINT "CaseRecord_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseTransition" ADD CONSTRAINT "CaseTransition_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
