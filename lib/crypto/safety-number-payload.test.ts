import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint";
import { safetyNumberPayload } from "./safety-number-payload";
import { expectCryptoError } from "./test-support";
import { generateUserKeyPairs } from "./user-keys";

const userId = "0b0f5a52-7d2c-4e43-9a51-2f1d3c6e8a90";

describe("safety-number QR payload", () => {
  it("is the versioned prefix, the user id and the 40 digits without spaces", () => {
    expect(safetyNumberPayload(userId, "12345 67890 00001 99999 31415 92653 58979 32384")).toBe(
      `casevault:v1:safety:${userId}:1234567890000019999931415926535897932384`,
    );
  });

  it("carries exactly the digits fingerprint() shows for a real key pair", async () => {
    const pairs = await generateUserKeyPairs();
    const shown = await fingerprint({ x25519: pairs.x25519.publicKey, ed25519: pairs.ed25519.publicKey });
    const payload = safetyNumberPayload(userId, shown);
    expect(payload.split(":").at(-1)).toBe(shown.replaceAll(" ", ""));
    expect(payload).toMatch(/^casevault:v1:safety:[0-9a-f-]{36}:\d{40}$/);
  });

  it("differs for another person with the same digits (the id is bound in)", () => {
    const number = "12345 67890 00001 99999 31415 92653 58979 32384";
    expect(safetyNumberPayload(userId, number)).not.toBe(safetyNumberPayload("another-user", number));
  });

  it.each([
    ["39 digits", "12345 67890 00001 99999 31415 92653 58979 3238"],
    ["41 digits", "12345 67890 00001 99999 31415 92653 58979 323841"],
    ["no spaces", "1234567890000019999931415926535897932384"],
    ["a letter", "12345 67890 00001 99999 31415 92653 58979 3238x"],
    ["the placeholder shown while computing", "…"],
    ["empty", ""],
  ])("refuses a malformed number (%s)", async (_, number) => {
    await expectCryptoError(() => safetyNumberPayload(userId, number), "invalid_input");
  });

  it.each([["a colon, which would shift the fields", "a:b"], ["empty", ""], ["a space", "a b"]])("refuses a user id with %s", async (_, id) => {
    await expectCryptoError(() => safetyNumberPayload(id, "12345 67890 00001 99999 31415 92653 58979 32384"), "invalid_input");
  });
});
