/**
 * A testimony version whose latest version records consent to use in legal
 * proceedings, inserted directly (random bytes stand in for its sealed
 * content): what the legal_review guard needs, for tests about other things.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import type { TestCase } from "./case-fixtures";

export async function insertConsentedTestimony(kase: TestCase, legalUseConsent = true): Promise<string> {
  const db = await getDb();
  const testimonyId = randomUUID();
  const contentSealed = new Uint8Array(randomBytes(128));
  const authorId = kase.lead.actor.userId;
  await db.$transaction([
    db.caseRecord.create({ data: { id: testimonyId, version: 1, caseId: kase.caseId, type: "testimony", epoch: kase.currentEpoch, authorId, contentSealed, size: contentSealed.length } }),
    db.testimonyVersion.create({ data: { testimonyId, version: 1, caseId: kase.caseId, authorId, signedAt: new Date(), signature: new Uint8Array(randomBytes(64)), legalUseConsent } }),
  ]);
  return testimonyId;
}
