import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectAppError } from "@/lib/testing/case-fixtures";
import { parseWire, readCapped, readJson } from "./http";
import { finaliseWireSchema, partSizeOf, startUploadWireSchema } from "./wire";

/** A body that never ends, in 64 KiB chunks; counts how many chunks were pulled. */
function endlessBody() {
  const pulled = { chunks: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled.chunks++;
      controller.enqueue(new Uint8Array(64 * 1024).fill(7));
    },
  });
  return { stream, pulled };
}

function bodyOf(...chunks: Uint8Array[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

describe("readCapped", () => {
  it("stops reading a body that runs past the cap (an endless body costs at most cap + one chunk)", async () => {
    const { stream, pulled } = endlessBody();
    await expectAppError(readCapped(stream, 1024 * 1024, { reason: "evidence.partSize" }), "too_large", "evidence.partSize");
    // 16 chunks fill 1 MiB exactly; the 17th passes the cap and the stream is cancelled (one more may be queued).
    expect(pulled.chunks).toBeLessThanOrEqual(18);
  });

  it("refuses a declared Content-Length over the cap without reading", async () => {
    const { stream, pulled } = endlessBody();
    await expectAppError(readCapped(stream, 1000, { contentLength: "1001", reason: "x.y" }), "too_large", "x.y");
    expect(pulled.chunks).toBeLessThanOrEqual(1);
  });

  it("does not trust a Content-Length under the cap: the bytes decide", async () => {
    await expectAppError(readCapped(bodyOf(new Uint8Array(600), new Uint8Array(600)), 1000, { contentLength: "10", reason: "x.y" }), "too_large");
  });

  it("returns exactly the body when it fits, across chunks; an empty body is empty", async () => {
    const body = await readCapped(bodyOf(new Uint8Array([1, 2]), new Uint8Array([3])), 3, { reason: "x.y" });
    expect([...body]).toEqual([1, 2, 3]);
    expect((await readCapped(null, 3, { reason: "x.y" })).length).toBe(0);
  });
});

describe("readJson and parseWire", () => {
  it("answers malformed JSON and oversize bodies as clear refusals", async () => {
    const post = (body: string) => new Request("http://localhost/x", { method: "POST", body });
    await expectAppError(readJson(post("{nope"), 100), "invalid_input", "request.json");
    await expectAppError(readJson(post(JSON.stringify({ a: "x".repeat(200) })), 100), "too_large");
    expect(await readJson(post('{"a":1}'), 100)).toEqual({ a: 1 });
  });

  it("names the first i18n key among the schema's issues", () => {
    expect(() => parseWire(z.object({ a: z.string().min(2, "field.short") }), { a: "" })).toThrow("field.short");
    expect(() => parseWire(z.object({ a: z.string() }), {})).toThrow("request.invalid");
  });
});

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
    const ok = { sha256: "A".repeat(43), signature: "B".repeat(86), signedAt: new Date().toISOString(), meta: meta({ version: 2 }) };
    expect(finaliseWireSchema.safeParse(ok).success).toBe(true);
    expect(finaliseWireSchema.safeParse({ ...ok, sha256: "A".repeat(44) }).success).toBe(false);
    expect(finaliseWireSchema.safeParse({ ...ok, signature: "B".repeat(85) }).success).toBe(false);
    expect(finaliseWireSchema.safeParse({ ...ok, meta: meta({ version: 1 }) }).success).toBe(false);
  });

  it("plans part sizes: full parts, then the remainder", () => {
    const plan = { size: 2 * 1024 * 1024 + 5, partSize: 1024 * 1024, partCount: 3 };
    expect([1, 2, 3].map((n) => partSizeOf(plan, n))).toEqual([1024 * 1024, 1024 * 1024, 5]);
    expect(partSizeOf({ size: 1024 * 1024, partSize: 1024 * 1024, partCount: 1 }, 1)).toBe(1024 * 1024);
  });
});
