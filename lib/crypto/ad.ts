/**
 * Associated data: the string that binds a ciphertext to its place.
 *
 * Must always hold:
 * - Every AEAD ciphertext in Casevault is sealed with one of these strings, so
 *   a ciphertext moved to another case, record, version, user or evidence item
 *   fails to open ("damaged").
 * - Components cannot contain ":" (or anything outside [A-Za-z0-9_-]), so two
 *   different tuples can never produce the same string.
 * - Format (DESIGN.md §2): `casevault:v1:<caseId>:<recordType>:<recordId>:<version>`
 *   for records; the other kinds name what they bind, under the same prefix.
 */
import { CryptoError } from "./errors";

const PREFIX = "casevault:v1";
const COMPONENT = /^[A-Za-z0-9_-]{1,128}$/;

function component(value: string, what: string): string {
  if (typeof value !== "string" || !COMPONENT.test(value)) {
    throw new CryptoError("invalid_input", `${what} must match [A-Za-z0-9_-]{1,128}`);
  }
  return value;
}

function versionNumber(value: number, what: string): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CryptoError("invalid_input", `${what} must be a non-negative integer`);
  }
  return String(value);
}

export type RecordPlace = {
  caseId: string;
  /** e.g. "person", "testimony", "evidence_meta", "deadline", "note", "review_note" */
  recordType: string;
  recordId: string;
  version: number;
};

/** `casevault:v1:<caseId>:<recordType>:<recordId>:<version>` */
export function recordAd({ caseId, recordType, recordId, version }: RecordPlace): string {
  return [
    PREFIX,
    component(caseId, "caseId"),
    component(recordType, "recordType"),
    component(recordId, "recordId"),
    versionNumber(version, "version"),
  ].join(":");
}

/** AD for the account key wrapped by a user's wrapKey: `casevault:v1:account-key:<userId>` */
export function accountKeyAd(userId: string): string {
  return `${PREFIX}:account-key:${component(userId, "userId")}`;
}

/** AD for a user's sealed private-key bundle: `casevault:v1:private-keys:<userId>` */
export function privateKeysAd(userId: string): string {
  return `${PREFIX}:private-keys:${component(userId, "userId")}`;
}

/** AD for a file key sealed under the case key: `casevault:v1:file-key:<evidenceId>` */
export function fileKeyAd(evidenceId: string): string {
  return `${PREFIX}:file-key:${component(evidenceId, "evidenceId")}`;
}

/** AD for one of a user's sealed trust documents ("keybook", "marks") at one version: `casevault:v1:<kind>:<userId>:<version>` */
export function trustDocumentAd(kind: "keybook" | "marks", userId: string, version: number): string {
  return `${PREFIX}:${component(kind, "kind")}:${component(userId, "userId")}:${versionNumber(version, "version")}`;
}
