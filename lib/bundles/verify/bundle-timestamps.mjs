/**
 * Where timestamps sit in a bundle and what they do to the verdict
 * (issue 13 point 5; the token checks are timestamp.mjs):
 * - an exhibit's `timestamp` (inside the signed manifest) stamps
 *   canonicalJson(exhibit.statement), obtained at upload;
 * - manifest.json's outer `timestamp` (beside `signature`, since it cannot be
 *   inside what it stamps) stamps canonicalJson(manifest), obtained at export.
 *
 * Must always hold:
 * - A token that fails (other hash, bad TSA signature, untrusted TSA) fails
 *   its exhibit, or the bundle for the manifest's token, with its message.
 * - A token whose TSA was not checked (no --tsa-cert) never leaves a PASS:
 *   the verdict becomes "unverified" (exit 3), as for unchecked identities.
 * - No token is not a failure: a bundle exported without TSA_URL has none,
 *   and the manifest's token is outside the signature, so removing it only
 *   removes a claim.
 */
import { canonicalBytes } from "./canonical.mjs";
import { checkTimestamp } from "./timestamp.mjs";

async function check(token, stamped, trusted) {
  let data;
  try {
    data = canonicalBytes(stamped);
  } catch {
    return { status: "fail", reason: "what the timestamp stamps is not canonical JSON" };
  }
  return checkTimestamp(token, data, trusted);
}

/** An exhibit's result with its statement's timestamp checked (a passed exhibit only: a failed one is already a FAIL). */
export async function withExhibitTimestamp(result, exhibit, trusted) {
  if (!result.ok || exhibit.timestamp === undefined) return result;
  const timestamp = await check(exhibit.timestamp, exhibit.statement, trusted);
  if (timestamp.status === "fail") return { ...result, ok: false, reason: "bad timestamp", detail: timestamp.reason };
  return { ...result, timestamp };
}

/** The manifest's own timestamp, or null when it has none. */
export async function manifestTimestamp(file, trusted) {
  if (file.timestamp === undefined) return null;
  return check(file.timestamp, file.manifest, trusted);
}

/** A "pass" with any timestamp whose TSA was not checked becomes "unverified". */
export function verdictWithTimestamps(verdict, exhibits, manifestStamp) {
  if (verdict !== "pass") return verdict;
  const unchecked = manifestStamp?.status === "tsa-unverified" || exhibits.some((e) => e.timestamp?.status === "tsa-unverified");
  return unchecked ? "unverified" : verdict;
}
