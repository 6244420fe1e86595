import { describe, expect, it } from "vitest";
import { JSON_BODY_MAX, PART_SIZE_MAX } from "@/lib/evidence/wire";
import { SERVER_ACTION_BODY_MAX, checkDeclaredBody } from "./body-limits";

const partPath = "/api/cases/c/evidence/uploads/e/parts/1";
const h = (init: Record<string, string>) => new Headers(init);

describe("checkDeclaredBody", () => {
  it("accepts bodies up to each route's limit", () => {
    expect(checkDeclaredBody("POST", "/cases/x", h({ "content-length": String(SERVER_ACTION_BODY_MAX) }))).toBe("ok");
    expect(checkDeclaredBody("POST", "/api/auth/kdf-params", h({ "content-length": String(JSON_BODY_MAX) }))).toBe("ok");
    expect(checkDeclaredBody("PUT", partPath, h({ "content-length": String(PART_SIZE_MAX) }))).toBe("ok");
  });

  it("refuses a declared length over the limit, however large", () => {
    expect(checkDeclaredBody("POST", "/cases/x", h({ "content-length": String(SERVER_ACTION_BODY_MAX + 1) }))).toBe("too_large");
    expect(checkDeclaredBody("POST", "/", h({ "content-length": "999999999" }))).toBe("too_large");
    expect(checkDeclaredBody("POST", "/api/auth/quick-exit", h({ "content-length": String(JSON_BODY_MAX + 1) }))).toBe("too_large");
    expect(checkDeclaredBody("PUT", partPath, h({ "content-length": String(PART_SIZE_MAX + 1) }))).toBe("too_large");
    expect(checkDeclaredBody("POST", "/", h({ "content-length": "1e9" }))).toBe("too_large");
  });

  it("refuses an undeclared (chunked) body, except where the handler caps its reading", () => {
    expect(checkDeclaredBody("POST", "/cases/x", h({ "transfer-encoding": "chunked" }))).toBe("length_required");
    expect(checkDeclaredBody("POST", "/api/auth/quick-exit", h({ "transfer-encoding": "chunked" }))).toBe("length_required");
    expect(checkDeclaredBody("PUT", partPath, h({ "transfer-encoding": "chunked" }))).toBe("ok");
  });

  it("does not look at reads or bodiless requests", () => {
    expect(checkDeclaredBody("GET", "/", h({ "content-length": "999999999" }))).toBe("ok");
    expect(checkDeclaredBody("POST", "/api/auth/quick-exit", h({}))).toBe("ok");
  });
});
