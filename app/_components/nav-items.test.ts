import { describe, expect, it } from "vitest";
import { currentNavHref, navFor } from "./nav-items";

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

describe("currentNavHref", () => {
  const staff = navFor("coordinator");
  const admin = navFor("admin");

  it("marks the dashboard on / only", () => {
    expect(currentNavHref(staff, "/")).toBe("/");
    expect(currentNavHref(staff, "/account")).toBeNull();
    expect(currentNavHref(staff, "/deadlines")).toBeNull();
  });

  it("marks Cases on the list and on every page under it", () => {
    expect(currentNavHref(staff, "/cases")).toBe("/cases");
    expect(currentNavHref(staff, "/cases/")).toBe("/cases");
    expect(currentNavHref(staff, "/cases/new")).toBe("/cases");
    expect(currentNavHref(staff, "/cases/4d0c/testimonies/9a1b/edit")).toBe("/cases");
  });

  it("matches whole segments, not string prefixes", () => {
    expect(currentNavHref(staff, "/casesx")).toBeNull();
    expect(currentNavHref(admin, "/admin/usersettings")).toBeNull();
  });

  it("marks the admin pages", () => {
    expect(currentNavHref(admin, "/admin/users")).toBe("/admin/users");
    expect(currentNavHref(admin, "/admin/audit")).toBe("/admin/audit");
    expect(currentNavHref(admin, "/admin/settings/mail")).toBe("/admin/settings");
    expect(currentNavHref(admin, "/cases")).toBeNull();
  });

  it("marks nothing without a path or items", () => {
    expect(currentNavHref(staff, null)).toBeNull();
    expect(currentNavHref([], "/cases")).toBeNull();
  });
});
