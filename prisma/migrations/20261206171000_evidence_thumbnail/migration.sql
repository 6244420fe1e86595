-- An evidence item's thumbnail (issue 14): a sealed, signed record made in
-- the uploader's browser, padded to one size. The server stores ciphertext
-- only; a row goes with its evidence item.
CREATE TABLE "EvidenceThumbnail" (
    "evidenceId" UUID NOT NULL,
    "epoch" INTEGER NOT NULL,
    "sealed" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvidenceThumbnail_pkey" PRIMARY KEY ("evidenceId")
);

-- AddForeignKey
ALTER TABLE "EvidenceThumbnail" ADD CONSTRAINT "EvidenceThumbnail_evidenceId_fkey" FOREIGN KEY ("evidenceId") REFERENCES "Evidence"("id") ON DELETE CASCADE ON UPDATE CASCADE;
