import { createHmac } from "node:crypto";
import { canonicalBytes, canonicalJson } from "@/lib/encoding/canonical-json";

/**
 * What an audit event is, and how it is chained (DESIGN.md §6). Pure: no
 * database, so the hash can be tested and recomputed anywhere.
 *
 * Must always hold:
 * - `data` is flat: ids, codes, counts, flags — NEVER plaintext case content,
 *   names, notes or anything else DESIGN.md §3 keeps encrypted. The log is
 *   readable by anyone with the database, and it can never be edited to remove
 *   a leak.
 * - hash = HMAC-SHA-256(chain key, prevHash ‖ canonicalBytes({ seq, at,
 *   actorId, action, caseId, data })) with seq as a decimal string (bigint is
 *   not JSON) and `at` as an ISO-8601 UTC string with milliseconds (the
 *   column's precision). The chain key comes from the audit key (key.ts),
 *   which the database never holds: whoever can write the table but not read
 *   the key cannot recompute a single hash, so an edit, a deletion or a
 *   renumbering shows at the first event touched. Changing this breaks every
 *   existing chain.
 */

export const auditActions = [
  "setup.completed",
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.locked_out",
  "auth.backoff_started",
  "auth.recovery_code_used",
  "auth.recovery_codes_issued",
  "auth.reauth_failed",
  "auth.sign_out",
  "auth.session_ended",
  "auth.quick_exit",
  "auth.passphrase_changed",
  "trust.saved",
  "security.alert",
  "invitation.created",
  "invitation.accepted",
  "invitation.revoked",
  "user.role_changed",
  "user.deactivated",
  "user.reactivated",
  "user.reset",
  "policy.refused",
  "case.created",
  "case.member_added",
  "case.member_removed",
  "case.key_rotated",
  "case.content_read",
  "case.list_read",
  "case.transitioned",
  "case.content_written",
  "case.key_reshared",
  "org.settings_changed",
  "deadline.created",
  "deadline.updated",
  "deadline.status_changed",
  "deadline.dashboard_read",
  "notification.read",
  "calendar.feed_created",
  "calendar.feed_revoked",
  "calendar.feed_read",
  "testimony.version_saved",
  "testimony.draft_started",
  "testimony.draft_discarded",
  "evidence.upload_started",
  "evidence.uploaded",
  "evidence.upload_cancelled",
  "evidence.upload_expired",
  "evidence.viewed",
  "evidence.downloaded",
  "evidence.reviewed",
  "evidence.thumbnail_added",
  "bundle.created",
  "bundle.updated",
  "bundle.exported",
  "audit.verified",
] as const;

export type AuditAction = (typeof auditActions)[number];

/** Flat on purpose: nothing nested where content could hide. */
export type AuditData = Readonly<Record<string, string | number | boolean | null>>;

/** The fields the hash covers. `action` is a string so stored rows can be re-hashed as they are. */
export type HashedEvent = {
  seq: bigint;
  at: Date;
  actorId: string | null;
  action: string;
  caseId: string | null;
  data: AuditData;
};

/** prevHash of the first event. */
export const GENESIS_HASH: Uint8Array = new Uint8Array(32);

export function isAuditAction(value: string): value is AuditAction {
  return (auditActions as readonly string[]).includes(value);
}

/** True for a plain object whose values are all string, finite number, boolean or null. */
export function isAuditData(value: unknown): value is AuditData {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (v) => v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)),
  );
}

/** The exact bytes hashed after prevHash (the definition); exported so tests can cross-check them. */
export function eventBytes(event: HashedEvent): Uint8Array {
  return canonicalBytes({
    seq: event.seq.toString(10),
    at: event.at.toISOString(),
    actorId: event.actorId,
    action: event.action,
    caseId: event.caseId,
    data: event.data,
  });
}

const str = (value: string | null) => (value === null ? "null" : JSON.stringify(value));

/**
 * The same text as eventBytes, written directly: the top-level keys are fixed
 * and already in canonical (UTF-16) order, and every top-level value is a
 * string or null, which canonical JSON writes as JSON.stringify does; only
 * `data` goes through canonicalJson. Three times faster, which is most of a
 * 1M-event verification; events.test.ts checks it byte for byte against
 * eventBytes, escapes and non-ASCII included.
 */
export function eventText(event: HashedEvent): string {
  return (
    `{"action":${JSON.stringify(event.action)},"actorId":${str(event.actorId)},"at":${JSON.stringify(event.at.toISOString())},` +
    `"caseId":${str(event.caseId)},"data":${canonicalJson(event.data)},"seq":"${event.seq.toString(10)}"}`
  );
}

/** The HMAC as a Buffer (a view into Node's pool): for comparing, not for storing. */
export function eventDigest(chainKey: Uint8Array, prevHash: Uint8Array, event: HashedEvent): Buffer {
  // update(text, "utf8") encodes as TextEncoder does (a lone surrogate becomes U+FFFD in both).
  return createHmac("sha256", chainKey).update(prevHash).update(eventText(event), "utf8").digest();
}

/** `chainKey`: the HMAC key from key.ts (never the raw audit key). */
export function eventHash(chainKey: Uint8Array, prevHash: Uint8Array, event: HashedEvent): Uint8Array<ArrayBuffer> {
  return new Uint8Array(eventDigest(chainKey, prevHash, event)); // a copy that owns a plain ArrayBuffer (Prisma's Bytes)
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
