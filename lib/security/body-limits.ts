import { JSON_BODY_MAX, PART_SIZE_MAX } from "@/lib/evidence/wire";

// Request body limits, checked by proxy.ts on the declared Content-Length
// before a byte of the body is read. Each handler still enforces its own cap
// while reading (lib/http/request.ts readCapped; Next's bodySizeLimit for
// server actions): this is the early, cheap refusal, so a client that
// announces a huge body gets 413 at once instead of holding a request open.

/** Next's `serverActions.bodySizeLimit` ("10mb" in next.config.ts): a whole sealed testimony version. */
export const SERVER_ACTION_BODY_MAX = 10 * 1024 * 1024;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const uploadPartPath = /^\/api\/cases\/[^/]+\/evidence\/uploads\/[^/]+\/parts\/[^/]+$/;

/** The largest body `pathname` accepts: raw parts up to a part's size, JSON to the API, server actions on pages. */
export function bodyLimit(pathname: string): number {
  if (uploadPartPath.test(pathname) || pathname === "/api/bench/plain-upload") return PART_SIZE_MAX;
  if (pathname.startsWith("/api/")) return JSON_BODY_MAX;
  return SERVER_ACTION_BODY_MAX;
}

export type BodyVerdict = "ok" | "too_large" | "length_required";

/**
 * What the request's headers say about its body. A body without a declared
 * length (chunked) is refused too, except on the upload part route, whose
 * handler caps what it reads: the app's own browser code always sends a
 * Content-Length, and Next would otherwise read an undeclared server-action
 * body up to its limit and answer 500.
 */
export function checkDeclaredBody(method: string, pathname: string, headers: { get(name: string): string | null }): BodyVerdict {
  if (SAFE_METHODS.has(method.toUpperCase())) return "ok";
  const declared = headers.get("content-length");
  if (declared === null) {
    if (headers.get("transfer-encoding") === null) return "ok"; // no body at all
    return uploadPartPath.test(pathname) ? "ok" : "length_required";
  }
  if (!/^\d+$/.test(declared)) return "too_large"; // unreadable: refuse rather than guess
  return Number(declared) > bodyLimit(pathname) ? "too_large" : "ok";
}
