/**
 * Signing testimony versions with real Ed25519 keys: round trip, and every
 * tamper (content, statement fields, signature, key) is bad_signature.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fromBase64url, toBase64url } from "@/lib/crypto/encoding";
import { verifyCanonical } from "@/lib/crypto/signatures";
import { expectCryptoError, flipByte } from "@/lib/crypto/test-support";
import { generateUserKeyPairs, type UserKeyPairs } from "@/lib/crypto/user-keys";
import type { VersionPlace } from "./digest";
import { testimonySchema } from "./schema";
import { signTestimonyVersion, verifyTestimonyVersion } from "./sign-client";
import { cyrillicText, ids, sampleTestimony } from "./test-fixtures";

const place: VersionPlace = {
  testimonyId: ids.testimony,
  caseId: ids.case,
  version: 2,
  authorId: ids.author,
  signedAt: "2024-03-01T12:00:00.000Z",
};

let author: UserKeyPairs;
let other: UserKeyPairs;
beforeAll(async () => {
  author = await generateUserKeyPairs();
  other = await generateUserKeyPairs();
});

describe("signTestimonyVersion / verifyTestimonyVersion", () => {
  it("round-trips, and the signature verifies over the bare statement (as a court would)", async () => {
    const content = testimonySchema.parse({ ...sampleTestimony(), narrative: cyrillicText(200_000) });
    const { statement, signature } = await signTestimonyVersion(place, content, author.ed25519.privateKey);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    await expect(verifyTestimonyVersion(place, content, signature, author.ed25519.publicKey)).resolves.toEqual(statement);
    await verifyCanonical(statement, fromBase64url(signature), author.ed25519.publicKey);
  });

  it("fails for changed content", async () => {
    const content = sampleTestimony();
    const { signature } = await signTestimonyVersion(place, content, author.ed25519.privateKey);
    const changed = sampleTestimony();
    changed.consent[1]!.status = "withdrawn";
    await expectCryptoError(verifyTestimonyVersion(place, changed, signature, author.ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyTestimonyVersion(place, { ...content, narrative: `${content.narrative} ` }, signature, author.ed25519.publicKey), "bad_signature");
  });

  it("fails when the signature is moved to another version, testimony, case, author or time", async () => {
    const content = sampleTestimony();
    const { signature } = await signTestimonyVersion(place, content, author.ed25519.privateKey);
    for (const moved of [
      { ...place, version: 3 },
      { ...place, testimonyId: ids.other },
      { ...place, caseId: ids.other },
      { ...place, authorId: ids.other },
      { ...place, signedAt: "2024-03-02T12:00:00.000Z" },
    ]) {
      await expectCryptoError(verifyTestimonyVersion(moved, content, signature, author.ed25519.publicKey), "bad_signature");
    }
  });

  it("fails for a flipped or malformed signature, another key, or a malformed place", async () => {
    const content = sampleTestimony();
    const { signature } = await signTestimonyVersion(place, content, author.ed25519.privateKey);
    const flipped = toBase64url(flipByte(fromBase64url(signature), 5));
    await expectCryptoError(verifyTestimonyVersion(place, content, flipped, author.ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyTestimonyVersion(place, content, signature, other.ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyTestimonyVersion(place, content, "not base64!", author.ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyTestimonyVersion(place, content, signature.slice(0, 80), author.ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyTestimonyVersion({ ...place, version: 0 }, content, signature, author.ed25519.publicKey), "bad_signature");
  });

  it("refuses to sign a malformed place or non-JSON content", async () => {
    await expect(signTestimonyVersion({ ...place, caseId: "c-1" }, sampleTestimony(), author.ed25519.privateKey)).rejects.toThrow();
    await expect(signTestimonyVersion(place, { at: new Date() }, author.ed25519.privateKey)).rejects.toThrow();
  });
});
