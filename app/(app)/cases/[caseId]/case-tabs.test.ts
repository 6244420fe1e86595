import { describe, expect, it } from "vitest";
import { caseTabHref, caseTabs, deadlineAnchor, defaultCaseTab, parseCaseTab, withCaseTab } from "./case-tabs";

describe("parseCaseTab", () => {
  it("reads every tab by its id", () => {
    for (const tab of caseTabs) expect(parseCaseTab(tab)).toBe(tab);
  });

  it("falls back to the person tab for a missing, unknown or odd value", () => {
    expect(defaultCaseTab).toBe("profile");
    for (const value of [null, undefined, "", "Evidence", "evidence ", "person", "toString", "__proto__", ["evidence"]]) {
      expect(parseCaseTab(value)).toBe("profile");
    }
  });
});

describe("caseTabHref", () => {
  const id = "0b8f6a52-3c1d-4e8a-9f27-5d6c7b8a9e10";

  it("names the tab in the query; the default tab leaves the URL bare", () => {
    expect(caseTabHref(id, "evidence")).toBe(`/cases/${id}?tab=evidence`);
    expect(caseTabHref(id, "profile")).toBe(`/cases/${id}`);
  });

  it("points at one deadline row by its anchor", () => {
    expect(caseTabHref(id, "deadlines", deadlineAnchor("d1"))).toBe(`/cases/${id}?tab=deadlines#deadline-d1`);
  });

  it("round-trips through parseCaseTab", () => {
    for (const tab of caseTabs) {
      const url = new URL(caseTabHref(id, tab), "https://casevault.test");
      expect(parseCaseTab(url.searchParams.get("tab"))).toBe(tab);
    }
  });
});

describe("withCaseTab", () => {
  it("sets, replaces and removes the tab, keeping other parameters", () => {
    expect(withCaseTab("", "team")).toBe("?tab=team");
    expect(withCaseTab("?tab=evidence", "history")).toBe("?tab=history");
    expect(withCaseTab("?tab=evidence&x=1", "profile")).toBe("?x=1");
    expect(withCaseTab("?tab=evidence", "profile")).toBe("");
    expect(withCaseTab("?x=1", "deadlines")).toBe("?x=1&tab=deadlines");
  });
});
