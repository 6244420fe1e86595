import type { CaseRole } from "@/lib/auth/roles";
import type { TransitionView } from "@/lib/cases/schema";
import type { DeadlineKind, DeadlineStatus } from "@/lib/deadlines/schema";
import type { ReviewStatus } from "@/lib/evidence/wire";
import type { MembershipStatement } from "@/lib/trust/chain-schema";

// The case's History tab as one timeline (issue 14 point 7): workflow steps,
// profile versions, team changes, testimony versions, evidence and its
// review, deadlines and their outcomes, newest first. Pure: the tab hands in
// what it already holds (opened and checked in this browser), this orders it.
// Team changes come only from a verified membership chain (the caller passes
// null otherwise), each statement compared with the one before it.

export type TimelineSources = {
  transitions: readonly TransitionView[];
  profileVersions: readonly { version: number; authorId: string; createdAt: string }[];
  /** The membership chain's statements, statement 1 first; null when it did not verify here. */
  chain: readonly MembershipStatement[] | null;
  testimonies: readonly { testimonyId: string; title: string | null; versions: readonly { version: number; authorId: string; signedAt: string }[] }[];
  evidence: readonly { id: string; name: string | null; uploaderId: string; signedAt: string; reviewStatus: ReviewStatus; reviewedById: string | null; reviewedAt: string | null }[];
  deadlines: readonly { id: string; title: string | null; kind: DeadlineKind; createdById: string; createdAt: string; status: DeadlineStatus; statusById: string | null; statusAt: string | null }[];
};

export type TeamChange = { added: { userId: string; role: CaseRole }[]; removed: string[]; changed: { userId: string; role: CaseRole }[]; newKey: boolean };

export type TimelineEvent = { at: string; actorId: string | null } & (
  | { kind: "workflow"; transition: string; from: string; to: string; reasonRecordId: string | null }
  | { kind: "profile"; version: number }
  | ({ kind: "team"; opened: boolean } & TeamChange)
  | { kind: "testimony"; testimonyId: string; title: string | null; version: number }
  | { kind: "evidence"; evidenceId: string; name: string | null }
  | { kind: "review"; evidenceId: string; name: string | null; status: ReviewStatus }
  | { kind: "deadline"; deadlineId: string; title: string | null; deadlineKind: DeadlineKind; status: "added" | Exclude<DeadlineStatus, "open"> }
);

export type TimelineKind = TimelineEvent["kind"];

/** What statement `next` changed in the team of statement `prev`. */
export function teamChange(prev: MembershipStatement | null, next: MembershipStatement): TeamChange {
  const before = new Map((prev?.members ?? []).map((m) => [m.userId, m.role]));
  const after = new Map(next.members.map((m) => [m.userId, m.role]));
  return {
    added: next.members.filter((m) => !before.has(m.userId)).map(({ userId, role }) => ({ userId, role })),
    removed: [...before.keys()].filter((id) => !after.has(id)),
    changed: next.members.filter((m) => before.has(m.userId) && before.get(m.userId) !== m.role).map(({ userId, role }) => ({ userId, role })),
    newKey: prev !== null && next.epoch !== prev.epoch,
  };
}

/** Every event of the case, newest first (ties keep the order above: workflow before the records it allowed). */
export function caseTimeline(s: TimelineSources): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const t of s.transitions) events.push({ kind: "workflow", at: t.at, actorId: t.actorId, transition: t.transition, from: t.fromState, to: t.toState, reasonRecordId: t.reasonRecordId });
  for (const v of s.profileVersions) events.push({ kind: "profile", at: v.createdAt, actorId: v.authorId, version: v.version });
  s.chain?.forEach((statement, i) => {
    const change = teamChange(i === 0 ? null : s.chain![i - 1]!, statement);
    if (i === 0 || change.added.length + change.removed.length + change.changed.length > 0 || change.newKey) {
      events.push({ kind: "team", at: statement.signedAt, actorId: statement.signerId, opened: i === 0, ...change });
    }
  });
  for (const t of s.testimonies) {
    for (const v of t.versions) events.push({ kind: "testimony", at: v.signedAt, actorId: v.authorId, testimonyId: t.testimonyId, title: t.title, version: v.version });
  }
  for (const e of s.evidence) {
    events.push({ kind: "evidence", at: e.signedAt, actorId: e.uploaderId, evidenceId: e.id, name: e.name });
    if (e.reviewedAt && e.reviewStatus !== "unreviewed") events.push({ kind: "review", at: e.reviewedAt, actorId: e.reviewedById, evidenceId: e.id, name: e.name, status: e.reviewStatus });
  }
  for (const d of s.deadlines) {
    events.push({ kind: "deadline", at: d.createdAt, actorId: d.createdById, deadlineId: d.id, title: d.title, deadlineKind: d.kind, status: "added" });
    if (d.status !== "open" && d.statusAt) events.push({ kind: "deadline", at: d.statusAt, actorId: d.statusById, deadlineId: d.id, title: d.title, deadlineKind: d.kind, status: d.status });
  }
  const time = (e: TimelineEvent) => {
    const ms = Date.parse(e.at);
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  return events.map((e, i) => ({ e, i })).sort((a, b) => time(b.e) - time(a.e) || a.i - b.i).map(({ e }) => e);
}
