import { describe, expect, it } from "vitest";
import { auditFilterQuery, auditTimeRange, parseAuditFilter } from "./filter";

const id = "0b0c7a36-3f55-4a8e-9d7e-3f1f4b0d2c11";

describe("audit filter in the URL", () => {
  it("reads every field and round-trips to the same query", () => {
    const filter = parseAuditFilter({ actor: id, kind: "evidence", case: " cv-7q3k ", from: "2026-01-02", to: "2026-01-31", page: "3" });
    expect(filter).toEqual({ actorId: id, kind: "evidence", caseReference: "CV-7Q3K", from: "2026-01-02", to: "2026-01-31", page: 3 });
    expect(auditFilterQuery(filter)).toBe(`?actor=${id}&kind=evidence&case=CV-7Q3K&from=2026-01-02&to=2026-01-31&page=3`);
    expect(auditFilterQuery(filter, 1)).not.toContain("page=");
    expect(parseAuditFilter(Object.fromEntries(new URLSearchParams(auditFilterQuery(filter))))).toEqual(filter);
  });

  it("ignores what is malformed instead of failing", () => {
    expect(
      parseAuditFilter({ actor: "not-an-id", kind: "everything", case: "CV'; DROP", from: "2026-02-30", to: "yesterday", page: "-1" }),
    ).toEqual({ page: 1 });
    expect(parseAuditFilter({ actor: id.toUpperCase(), page: "1e3" })).toEqual({ actorId: id, page: 1 });
    expect(parseAuditFilter({ actor: [id, "x"], page: ["2", "3"] })).toEqual({ actorId: id, page: 2 });
    expect(parseAuditFilter({})).toEqual({ page: 1 });
    expect(auditFilterQuery({ page: 1 })).toBe("");
  });

  it("covers whole UTC days, `to` included", () => {
    expect(auditTimeRange({ from: "2026-03-01", to: "2026-03-01" })).toEqual({ gte: new Date("2026-03-01T00:00:00Z"), lt: new Date("2026-03-02T00:00:00Z") });
    expect(auditTimeRange({})).toEqual({});
  });
});
