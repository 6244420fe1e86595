import { describe, expect, it } from "vitest";
import { searchCases, type IndexedCase } from "./case-list-client";

// The case search runs over the index the browser built (names decrypted
// there): reference, name and aliases, case-insensitive, in any script.

const row = (reference: string, name: string | null, aliases: string[] = []): IndexedCase => ({
  id: crypto.randomUUID(),
  reference,
  state: "intake",
  myRole: "lead",
  updatedAt: new Date(0).toISOString(),
  name,
  aliases,
  risk: null,
  haystack: [reference, name ?? "", ...aliases].join("\n").toLocaleLowerCase(),
});

const index = [row("CV-AAAA-1111", "Арман Сафаров", ["Арик"]), row("CV-BBBB-2222", "Nino Beridze"), row("CV-CCCC-3333", null)];

describe("searchCases", () => {
  it("finds by name, alias or reference, whatever the case of the letters", () => {
    expect(searchCases(index, "сафаров").map((r) => r.reference)).toEqual(["CV-AAAA-1111"]);
    expect(searchCases(index, "АРИК").map((r) => r.reference)).toEqual(["CV-AAAA-1111"]);
    expect(searchCases(index, "cv-bbbb").map((r) => r.reference)).toEqual(["CV-BBBB-2222"]);
    expect(searchCases(index, "  nino ").map((r) => r.reference)).toEqual(["CV-BBBB-2222"]);
  });

  it("a case whose profile did not open is found by its reference only; an empty query lists all", () => {
    expect(searchCases(index, "3333").map((r) => r.reference)).toEqual(["CV-CCCC-3333"]);
    expect(searchCases(index, "")).toHaveLength(3);
    expect(searchCases(index, "nobody")).toEqual([]);
  });

  it("does not match across the boundary between name and alias", () => {
    expect(searchCases(index, "сафаровар")).toEqual([]);
  });
});
