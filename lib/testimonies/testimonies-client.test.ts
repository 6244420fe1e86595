import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { CaseKeyring } from "@/lib/cases/case-keys";
import { sealRecord } from "@/lib/cases/records-client";
import { newCaseKey } from "@/lib/crypto/case-key-seal";
import { toBase64url } from "@/lib/crypto/encoding";
import { generateUserKeyPairs, type UserKeyPairs } from "@/lib/crypto/user-keys";
import { signTestimonyVersion } from "./sign-client";
import { sampleTestimony } from "./test-fixtures";
import { openTestimonyVersion } from "./testimonies-client";

// A signature covers the value exactly as it was sealed. This client's schema
// may drop a field a later (or earlier) version wrote; that must not make an
// honest signature look broken, and must not make a forged one look valid.

let author: UserKeyPairs;
beforeAll(async () => {
  author = await generateUserKeyPairs();
});

async function sealedVersion(content: unknown, signedContent: unknown = content, until?: string) {
  const caseId = randomUUID();
  const testimonyId = randomUUID();
  const authorId = randomUUID();
  const caseKey = await newCaseKey();
  const keyring = new CaseKeyring(caseId);
  keyring.set(1, caseKey.slice());
  const place = { testimonyId, caseId, version: 1, authorId, signedAt: "2024-03-01T12:00:00.000Z" };
  const { signature } = await signTestimonyVersion(place, signedContent, author.ed25519.privateKey);
  const record = await sealRecord({ caseId, type: "testimony", id: testimonyId, version: 1, epoch: 1, caseKey, value: content });
  const meta = { testimonyId, version: 1, authorId, signedAt: place.signedAt, signature, legalUseConsent: true, size: 1, createdAt: place.signedAt };
  const signers = [{ userId: authorId, signPublicKey: toBase64url(author.ed25519.publicKey), ...(until ? { until } : {}) }];
  return openTestimonyVersion(caseId, record, meta, keyring, signers);
}

describe("openTestimonyVersion", () => {
  it("verifies the signature over what was sealed, even with a field this schema drops", async () => {
    const fromAnotherVersion = { ...sampleTestimony(), interviewRoom: "Room 4 (a field this client does not know)" };
    const opened = await sealedVersion(fromAnotherVersion);
    expect(opened.signature).toBe("valid");
    expect(opened.content.ok).toBe(true);
    if (opened.content.ok) expect(opened.content.value).not.toHaveProperty("interviewRoom");
  });

  it("a sealed value other than the signed one is broken, whatever the schema keeps", async () => {
    const signed = { ...sampleTestimony(), interviewRoom: "Room 4" };
    const sealed = { ...sampleTestimony(), interviewRoom: "Room 5" }; // differs only in a field the schema drops
    expect((await sealedVersion(sealed, signed)).signature).toBe("broken");
  });

  it("a key the author has since replaced verifies what it signed before its retirement, nothing after", async () => {
    // The version is dated 2024-03-01 12:00.
    expect((await sealedVersion(sampleTestimony(), undefined, "2024-03-02T00:00:00.000Z")).signature).toBe("valid");
    expect((await sealedVersion(sampleTestimony(), undefined, "2024-02-01T00:00:00.000Z")).signature).toBe("unknown_key");
  });
});
