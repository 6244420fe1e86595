-- CreateTable
CREATE TABLE "RetiredSigningKey" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "signPublicKey" BYTEA NOT NULL,
    "retiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetiredSigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetiredSigningKey_userId_idx" ON "RetiredSigningKey"("userId");

-- AddForeignKey
ALTER TABLE "RetiredSigningKey" ADD CONSTRAINT "RetiredSigningKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
