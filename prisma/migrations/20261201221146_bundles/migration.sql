-- CreateTable
CREATE TABLE "Bundle" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Bundle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BundleItem" (
    "bundleId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "evidenceId" UUID,
    "testimonyId" UUID,

    CONSTRAINT "BundleItem_pkey" PRIMARY KEY ("bundleId","position")
);

-- CreateIndex
CREATE INDEX "Bundle_caseId_idx" ON "Bundle"("caseId");

-- AddForeignKey
ALTER TABLE "Bundle" ADD CONSTRAINT "Bundle_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleItem" ADD CONSTRAINT "BundleItem_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle"("id") ON DELETE CASCADE ON UPDATE CASCADE;
