import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { saveBundleWireSchema } from "@/lib/bundles/schema";
import { entry, sampleTestimony } from "@/lib/testimonies/test-fixtures";
import type { SignatureState } from "@/lib/testimonies/testimonies-client";
import { buildCandidates, itemKey, toWireItem } from "./candidates";
import { moveItem } from "./exhibit-list";

describe("exhibit order in the builder", () => {
  it("moves an exhibit up, down and by dragging across the list; out-of-range moves change nothing", () => {
    const list = ["a", "b", "c", "d"];
    expect(moveItem(list, 1, 0)).toEqual(["b", "a", "c", "d"]); // "Move exhibit 2 up"
    expect(moveItem(list, 1, 2)).toEqual(["a", "c", "b", "d"]); // "Move exhibit 2 down"
    expect(moveItem(list, 0, 3)).toEqual(["b", "c", "d", "a"]); // dragged onto the last row
    expect(moveItem(list, 3, 0)).toEqual(["d", "a", "b", "c"]);
    expect(moveItem(list, 0, -1)).toEqual(list);
    expect(moveItem(list, 3, 4)).toEqual(list);
    expect(list).toEqual(["a", "b", "c", "d"]); // never in place
  });

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
