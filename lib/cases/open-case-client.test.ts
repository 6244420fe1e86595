import { describe, expect, it } from "vitest";
import { CaseKeyring } from "./case-keys";
import { sealCurrent } from "./open-case-client";
import { isCryptoError } from "@/lib/crypto/errors";

describe("sealCurrent", () => {
  it("refuses with CryptoError no_key when this browser holds no verified key for the case's current epoch", async () => {
    const caseId = "0b5e4f0e-2f7a-4a47-9b1e-6f1d8a3c2e10";
    const keyring = new CaseKeyring(caseId);
    const attempt = sealCurrent({ id: caseId, currentEpoch: 2 }, keyring, { type: "person_profile", id: crypto.randomUUID(), version: 1, value: {} }, { author: { userId: caseId, keys: { ed25519: { privateKey: new Uint8Array(64) } } }, prev: null });
    await expect(attempt).rejects.toSatisfy((error: unknown) => isCryptoError(error, "no_key"));
  });
});
