import { type AuditAction, type AuditData, auditActions, isAuditAction } from "./events";

/**
 * The Audit page's words for the log: every action code the code base writes
 * (events.ts `auditActions`, the type every appender takes) belongs to one
 * kind the page filters by, and has a sentence in each catalogue under
 * `auditPage.sentence.<code>` (a unit test fails when one is missing). Pure:
 * no database; names and case references are looked up by the caller from
 * the server's own tables and passed in.
 */

export const auditKinds = ["sign_in", "case_read", "case_change", "evidence", "testimony", "bundle", "team_keys", "account", "admin", "security"] as const;

export type AuditKind = (typeof auditKinds)[number];

export function isAuditKind(value: unknown): value is AuditKind {
  return typeof value === "string" && (auditKinds as readonly string[]).includes(value);
}

/** Exhaustive: the compiler refuses an action code without its kind. */
const kindOf: Record<AuditAction, AuditKind> = {
  "setup.completed": "admin",
  "auth.sign_in": "sign_in",
  "auth.sign_in_failed": "sign_in",
  "auth.locked_out": "security",
  "auth.backoff_started": "security",
  "auth.recovery_code_used": "sign_in",
  "auth.recovery_codes_issued": "account",
  "auth.reauth_failed": "sign_in",
  "auth.sign_out": "sign_in",
  "auth.session_ended": "sign_in",
  "auth.quick_exit": "sign_in",
  "auth.passphrase_changed": "account",
  "trust.saved": "team_keys",
  "security.alert": "security",
  "invitation.created": "admin",
  "invitation.accepted": "admin",
  "invitation.revoked": "admin",
  "user.role_changed": "admin",
  "user.deactivated": "admin",
  "user.reactivated": "admin",
  "user.reset": "admin",
  "policy.refused": "security",
  "case.created": "case_change",
  "case.member_added": "team_keys",
  "case.member_removed": "team_keys",
  "case.key_rotated": "team_keys",
  "case.content_read": "case_read",
  "case.list_read": "case_read",
  "case.transitioned": "case_change",
  "case.content_written": "case_change",
  "case.key_reshared": "team_keys",
  "org.settings_changed": "admin",
  "deadline.created": "case_change",
  "deadline.updated": "case_change",
  "deadline.status_changed": "case_change",
  "deadline.dashboard_read": "case_read",
  "notification.read": "account",
  "calendar.feed_created": "account",
  "calendar.feed_revoked": "account",
  "calendar.feed_read": "case_read",
  "testimony.version_saved": "testimony",
  "testimony.draft_started": "testimony",
  "testimony.draft_discarded": "testimony",
  "evidence.upload_started": "evidence",
  "evidence.uploaded": "evidence",
  "evidence.upload_cancelled": "evidence",
  "evidence.upload_expired": "evidence",
  "evidence.viewed": "evidence",
  "evidence.downloaded": "evidence",
  "evidence.reviewed": "evidence",
  "evidence.thumbnail_added": "evidence",
  "bundle.created": "bundle",
  "bundle.updated": "bundle",
  "bundle.exported": "bundle",
  "audit.verified": "admin",
};

export function auditKindOf(action: string): AuditKind | null {
  return isAuditAction(action) ? kindOf[action] : null;
}

/** The action codes a kind filter matches (the query's `action IN (…)`). */
export function actionsOfKind(kind: AuditKind): AuditAction[] {
  return auditActions.filter((action) => kindOf[action] === kind);
}

/** The catalogue key of an action's sentence (relative to the `auditPage` namespace). */
export function sentenceKey(action: string): string {
  return `sentence.${action}`;
}

/** A translator over the `auditPage` namespace, as next-intl's `getTranslations("auditPage")` gives it. */
export type AuditT = {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
};

export type AuditLookups = {
  /** users.id → users.displayName (the server's own table). */
  names: ReadonlyMap<string, string>;
  /** case.id → case.reference. */
  references: ReadonlyMap<string, string>;
};

export type DescribableEvent = { action: string; actorId: string | null; caseId: string | null; data: AuditData };

const text = (value: AuditData[string] | undefined): string => (typeof value === "string" ? value : "");

/**
 * The values every sentence may use. Always all of them, so a sentence never
 * fails for an older event that lacks a data field: select arguments fall to
 * their `other` branch. Only codes and looked-up names and references: the
 * log holds no content, and neither does a sentence.
 */
export function sentenceValues(t: AuditT, event: DescribableEvent, lookups: AuditLookups): Record<string, string> {
  const actor = event.actorId === null ? t("actorNone") : (lookups.names.get(event.actorId) ?? t("actorUnknown"));
  const caseId = event.caseId ?? (typeof event.data.requestedCaseId === "string" ? event.data.requestedCaseId : null);
  const kase = caseId === null ? t("caseNone") : (lookups.references.get(caseId) ?? t("caseUnknown"));
  const subjectId = text(event.data.userId);
  const subject = subjectId ? (lookups.names.get(subjectId) ?? t("actorUnknown")) : t("actorUnknown");
  return {
    actor,
    case: kase,
    hasCase: caseId === null ? "no" : "yes",
    subject,
    part: text(event.data.part) || "other",
    role: text(event.data.role) || text(event.data.to) || "other",
    state: text(event.data.to) || "other",
    status: text(event.data.status) || text(event.data.to) || "other",
    reason: text(event.data.reason) || "other",
  };
}

/** The event as a sentence in the page's language; an unknown code (older data) is shown as the code itself. */
export function describeAuditEvent(t: AuditT, event: DescribableEvent, lookups: AuditLookups): string {
  const key = sentenceKey(event.action);
  if (!isAuditAction(event.action) || !t.has(key)) return event.action;
  const sentence = t(key, sentenceValues(t, event, lookups));
  return sentence.charAt(0).toLocaleUpperCase() + sentence.slice(1);
}
