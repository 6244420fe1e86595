import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { entry, sampleTestimony } from "@/lib/testimonies/test-fixtures";
import type { SignatureState } from "@/lib/testimonies/testimonies-client";
import { buildCandidates, itemKey, toWireItem } from "./candidates";
import { saveBundleWireSchema } from "./schema";

describe("exhibit keys", () => {
  it("keys round-trip to the wire items the save action takes, in exhibit order", () => {
    const e = randomUUID();
    const t = randomUUID();
    const keys = [itemKey({ testimonyId: t, evidenceId: null }), itemKey({ evidenceId: e })];
    expect(keys.map(toWireItem)).toEqual([{ testimonyId: t }, { evidenceId: e }]);
    const items = saveBundleWireSchema.shape.items.safeParse(keys.map(toWireItem));
    expect(items.success).toBe(true);
  });
});

describe("which testimonies may be exhibits", () => {
  /** A testimony as this browser opened it; the server's consent bit says "given" every time (the server may lie). */
  function opened(consent: ReturnType<typeof entry>[], signature: SignatureState) {
    const testimonyId = randomUUID();
    const meta = { testimonyId, version: 1, authorId: randomUUID(), signedAt: "2024-03-01T10:00:00.000Z", signature: "", legalUseConsent: true, size: 1, createdAt: "2024-03-01T10:00:00.000Z" };
    return { testimonyId, versions: [meta], latest: { content: { ok: true as const, value: { ...sampleTestimony(), consent } }, signature } };
  }
  const selectable = (t: ReturnType<typeof opened>) => buildCandidates([], [t], { damaged: "damaged", untitled: "untitled" })[0]!.selectable;

  it("reads consent from the verified content, not from the server's bit", () => {
    expect(selectable(opened([entry("legal_proceedings", "given")], "valid"))).toBe(true);
    // The server's bit says consent; the signed content withdraws it, or never gave it.
    expect(selectable(opened([entry("legal_proceedings", "given"), entry("legal_proceedings", "withdrawn", "2024-04-01")], "valid"))).toBe(false);
    expect(selectable(opened([entry("documentation", "given")], "valid"))).toBe(false);
  });

  it("a version whose signature is broken, unknown or rolled back is no exhibit, whatever it says", () => {
    for (const signature of ["broken", "unknown_key", "rolled_back"] as const) {
      expect(selectable(opened([entry("legal_proceedings", "given")], signature))).toBe(false);
    }
  });
});
