import { describe, expect, it } from "vitest";
import { navFor } from "./nav-items";

describe("navFor", () => {
  it("shows nothing before sign-in", () => {
    expect(navFor(null)).toEqual([]);
  });

  it("gives admins user and audit pages but no case work", () => {
    expect(navFor("admin").map((i) => i.label)).toEqual(["users", "audit", "settings"]);
  });

  it("gives case roles the case work and no admin pages", () => {
    for (const role of ["coordinator", "caseworker", "lawyer"] as const) {
      expect(navFor(role).map((i) => i.label)).toEqual(["dashboard", "cases"]);
    }
  });
});
