/**
 * AD strings: exact format, and no two places can share one.
 */
import { describe, expect, it } from "vitest";
import { accountKeyAd, fileKeyAd, privateKeysAd, recordAd } from "./ad";
import { expectCryptoError } from "./test-support";

describe("associated data", () => {
  it("builds casevault:v1:<caseId>:<recordType>:<recordId>:<version>", () => {
    expect(
      recordAd({
        caseId: "3f1c2a9e-6b7d-4c1e-9a0b-1d2e3f4a5b6c",
        recordType: "testimony",
        recordId: "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d",
        version: 2,
      }),
    ).toBe("casevault:v1:3f1c2a9e-6b7d-4c1e-9a0b-1d2e3f4a5b6c:testimony:8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d:2");
  });

  it("names the other bound objects under the same prefix", () => {
    expect(accountKeyAd("u1")).toBe("casevault:v1:account-key:u1");
    expect(privateKeysAd("u1")).toBe("casevault:v1:private-keys:u1");
    expect(fileKeyAd("e1")).toBe("casevault:v1:file-key:e1");
  });

  it("rejects components that could make two places share one AD", async () => {
    const base = { caseId: "c", recordType: "note", recordId: "r", version: 1 };
    await expectCryptoError(() => recordAd({ ...base, caseId: "a:b" }), "invalid_input");
    await expectCryptoError(() => recordAd({ ...base, recordType: "" }), "invalid_input");
    await expectCryptoError(() => recordAd({ ...base, recordId: "r/1" }), "invalid_input");
    await expectCryptoError(() => recordAd({ ...base, version: -1 }), "invalid_input");
    await expectCryptoError(() => recordAd({ ...base, version: 1.5 }), "invalid_input");
    await expectCryptoError(() => accountKeyAd("x y"), "invalid_input");
  });
});
