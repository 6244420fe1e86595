-- A user's own trust records (keybook, high-water marks), sealed in the browser.
CREATE TABLE "TrustDocument" (
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentSealed" BYTEA NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrustDocument_pkey" PRIMARY KEY ("userId","kind")
);

ALTER TABLE "TrustDocument" ADD CONSTRAINT "TrustDocument_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
