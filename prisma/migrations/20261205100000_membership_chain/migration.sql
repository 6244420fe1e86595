-- The signed membership chain of each case: one statement per team change.
CREATE TABLE "CaseChainLink" (
    "caseId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "statement" BYTEA NOT NULL,
    "signature" BYTEA NOT NULL,
    "signerId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseChainLink_pkey" PRIMARY KEY ("caseId","seq")
);

ALTER TABLE "CaseChainLink" ADD CONSTRAINT "CaseChainLink_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
