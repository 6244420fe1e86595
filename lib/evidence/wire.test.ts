import { describe, expect, it } from "vitest";
import { finaliseWireSchema, partSizeOf, startUploadWireSchema } from "./wire";

describe("the wire schemas", () => {
  const meta = (over: object = {}) => ({ id: "6f1c1d7e-3a43-4c0e-9a54-0d6c9a1b2c3d", version: 1, type: "evidence_meta", epoch: 1, contentSealed: "AAAA", ...over });
  const start = (over: object = {}) => ({ evidenceId: "6f1c1d7e-3a43-4c0e-9a54-0d6c9a1b2c3d", size: 2 * 1024 * 1024 + 1, partSize: 1024 * 1024, partCount: 3, meta: meta(), ...over });

  it("accepts a consistent plan and refuses a wrong part count, part size or metadata record", () => {
    expect(startUploadWireSchema.safeParse(start()).success).toBe(true);
    const refusal = (input: object) => startUploadWireSchema.safeParse(input).error?.issues.map((i) => i.message);
    expect(refusal(start({ partCount: 2 }))).toContain("evidence.partCount");
    expect(refusal(start({ partSize: 1024 * 1024 - 1, partCount: 3 }))).toContain("evidence.partSize");
    expect(refusal(start({ partSize: 8 * 1024 * 1024 + 1, partCount: 1 }))).toContain("evidence.partSize");
    expect(refusal(start({ meta: meta({ type: "review_note" }) }))).toContain("evidence.meta");
    expect(refusal(start({ meta: meta({ version: 2 }) }))).toContain("evidence.meta");
    expect(refusal(start({ meta: meta({ id: "0f1c1d7e-3a43-4c0e-9a54-0d6c9a1b2c3d" }) }))).toContain("evidence.meta");
    expect(refusal(start({ size: 0, partCount: 0 }))).toBeDefined();
    expect(refusal(start({ size: 1.5 }))).toBeDefined();
    // Ids are lower-case: one spelling for blob keys, AD and audit data.
    expect(refusal(start({ evidenceId: "6F1C1D7E-3A43-4C0E-9A54-0D6C9A1B2C3D" }))).toBeDefined();
  });

  it("finalise needs a 32-byte hash, a 64-byte signature and metadata version 2", () => {
    const ok = { sha256: "A".repeat(43), signature: `${"B".repeat(85)}A`, signedAt: new Date().toISOString(), meta: meta({ version: 2 }) };
    expect(finaliseWireSchema.safeParse(ok).success).toBe(true);
    expect(finaliseWireSchema.safeParse({ ...ok, sha256: "A".repeat(44) }).success).toBe(false);
    expect(finaliseWireSchema.safeParse({ ...ok, signature: "B".repeat(85) }).success).toBe(false);
  });

  // Node's lenient decoder read each of these as some bytes; the one codec
  // refuses them, so the schema must too (a 400 here, not a throw later).
  it("finalise refuses a hash or signature that is not canonical base64url", () => {
    const ok = { sha256: "A".repeat(43), signature: `${"B".repeat(85)}A`, signedAt: new Date().toISOString(), meta: meta({ version: 2 }) };
    const messages = (over: object) => finaliseWireSchema.safeParse({ ...ok, ...over }).error?.issues.map((i) => i.message);
    for (const sha256 of [`${"A".repeat(42)}B`, `${"A".repeat(42)}=`, `${"A".repeat(41)}+A`, `${"A".repeat(41)}/A`]) expect(messages({ sha256 }), sha256).toEqual(["not base64url"]);
    expect(messages({ signature: "B".repeat(86) })).toEqual(["not base64url"]);
    expect(messages({ timestamp: "AB" })).toEqual(["not base64url"]);
    expect(messages({ meta: meta({ version: 2, contentSealed: "AAAB" }) })).toBeUndefined();
    expect(messages({ meta: meta({ version: 2, contentSealed: "AAB" }) })).toEqual(["not base64url"]);
    expect(messages({ meta: meta({ version: 2, contentSealed: "AA==" }) })).toEqual(["not base64url"]);
    expect(finaliseWireSchema.safeParse({ ...ok, meta: meta({ version: 1 }) }).success).toBe(false);
  });

  it("plans part sizes: full parts, then the remainder", () => {
    const plan = { size: 2 * 1024 * 1024 + 5, partSize: 1024 * 1024, partCount: 3 };
    expect([1, 2, 3].map((n) => partSizeOf(plan, n))).toEqual([1024 * 1024, 1024 * 1024, 5]);
    expect(partSizeOf({ size: 1024 * 1024, partSize: 1024 * 1024, partCount: 1 }, 1)).toBe(1024 * 1024);
  });
});
