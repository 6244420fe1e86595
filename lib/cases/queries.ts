import "server-only";
import { createHash } from "node:crypto";
import { recordReadEvent } from "@/lib/audit/actions/inbox";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import { toBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import { isCanonicalId } from "@/lib/ids/parse-id";
import type { ChainLinkWire, MembershipStatement } from "@/lib/trust/chain-schema";
import { visibleCaseWhere, visibleCasesWhere } from "./access";
import { timeIdCursor, type TimeIdCursor } from "@/lib/paging/cursor";
import type { CaseState } from "@/lib/workflow/states";
import type { CaseDetail, CaseList, CasePage, CaseRefWire, CaseRole, CaseSummary, EpochWire, FormerSigner, GrantWire, MemberKeys, RecordType, SealedRecordWire } from "./schema";

// Case reads. Every query is scoped by the where-builder (lib/cases/access),
// returns only ciphertext and allowed metadata, and every read of case
// content is an audit event.

/** The actor's role on a case, or null when the case does not exist for them. */
export async function findCaseRole(actor: Actor, caseId: string): Promise<CaseRole | null> {
  if (!isCanonicalId(caseId)) return null;
  const db = await getDb();
  const member = await db.caseMember.findFirst({ where: { caseId, userId: actor.userId, case: { orgId: actor.orgId } }, select: { role: true } });
  return member?.role ?? null;
}

/** Everyone in the organisation who has keys: to seal case keys to, and to check signatures against. */
export async function listOrgPeople(actor: Actor): Promise<MemberKeys[]> {
  const db = await getDb();
  const users = await db.user.findMany({
    where: { orgId: actor.orgId, boxPublicKey: { not: null }, signPublicKey: { not: null } },
    select: { id: true, displayName: true, role: true, status: true, boxPublicKey: true, signPublicKey: true },
    orderBy: { displayName: "asc" },
  });
  return users.flatMap((u) =>
    u.boxPublicKey && u.signPublicKey
      ? [{ userId: u.id, displayName: u.displayName, orgRole: u.role, active: u.status === "active", boxPublicKey: toBase64url(u.boxPublicKey), signPublicKey: toBase64url(u.signPublicKey) }]
      : [],
  );
}

/** Signing keys org users held before an admin reset: their old grants and epochs stay verifiable. */
export async function listFormerSigners(actor: Actor): Promise<FormerSigner[]> {
  const db = await getDb();
  const rows = await db.retiredSigningKey.findMany({ where: { user: { orgId: actor.orgId } }, select: { userId: true, signPublicKey: true } });
  return rows.map((r) => ({ userId: r.userId, signPublicKey: toBase64url(r.signPublicKey) }));
}

const summaryInclude = (actor: Actor) =>
  ({
    members: { select: { userId: true, role: true } },
    epochs: true,
    chain: { orderBy: { seq: "asc" as const } },
    grants: { where: { recipientId: actor.userId } },
    records: { where: { type: "person_profile" }, orderBy: { version: "desc" as const }, take: 1 },
  }) as const;

type EpochRow = { epoch: number; createdById: string; keyCheckValue: Uint8Array; signature: Uint8Array };
type GrantRow = { epoch: number; recipientId: string; sealedKey: Uint8Array; signerId: string; signature: Uint8Array };
type ChainRow = { statement: Uint8Array; signature: Uint8Array };
type RecordRow = { id: string; version: number; type: string; epoch: number; contentSealed: Uint8Array; authorId: string; createdAt: Date };

const epochWire = (e: EpochRow): EpochWire => ({ epoch: e.epoch, createdById: e.createdById, keyCheckValue: toBase64url(e.keyCheckValue), signature: toBase64url(e.signature) });
const grantWire = (g: GrantRow): GrantWire => ({ epoch: g.epoch, recipientId: g.recipientId, sealedKey: toBase64url(g.sealedKey), signerId: g.signerId, signature: toBase64url(g.signature) });
// The statement is stored as the canonical JSON the browser signed; the browser re-checks its shape.
const chainWire = (l: ChainRow): ChainLinkWire => ({ statement: JSON.parse(Buffer.from(l.statement).toString("utf8")) as MembershipStatement, signature: toBase64url(l.signature) });
export const recordWire = (r: RecordRow) => ({
  id: r.id,
  version: r.version,
  type: r.type as RecordType,
  epoch: r.epoch,
  contentSealed: toBase64url(r.contentSealed),
  authorId: r.authorId,
  createdAt: r.createdAt.toISOString(),
});

type SummaryRow = {
  id: string;
  reference: string;
  state: string;
  heldFrom: string | null;
  currentEpoch: number;
  updatedAt: Date;
  members: { userId: string; role: CaseRole }[];
  epochs: EpochRow[];
  chain: ChainRow[];
  grants: GrantRow[];
  records: RecordRow[];
};

/** The latest "person_label" record of each of these cases (a label is small: every version is read, the newest kept). */
async function latestPersonLabels(caseIds: string[]): Promise<Map<string, SealedRecordWire>> {
  if (caseIds.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.caseRecord.findMany({
    where: { caseId: { in: caseIds }, type: "person_label" },
    orderBy: [{ caseId: "asc" }, { version: "desc" }],
    distinct: ["caseId"],
    select: { id: true, version: true, type: true, epoch: true, contentSealed: true, caseId: true },
  });
  return new Map(rows.map((r) => [r.caseId, { id: r.id, version: r.version, type: r.type as RecordType, epoch: r.epoch, contentSealed: toBase64url(r.contentSealed) }]));
}

function summary(actor: Actor, row: SummaryRow, personLabel: SealedRecordWire | null): CaseSummary {
  const me = row.members.find((m) => m.userId === actor.userId);
  if (!me) throw new AppError("not_found");
  const profile = row.records[0];
  return {
    id: row.id,
    reference: row.reference,
    state: row.state,
    heldFrom: row.heldFrom,
    myRole: me.role,
    updatedAt: row.updatedAt.toISOString(),
    currentEpoch: row.currentEpoch,
    memberIds: row.members.map((m) => m.userId),
    epochs: row.epochs.map(epochWire),
    myGrants: row.grants.map(grantWire),
    chain: row.chain.map(chainWire),
    profile: profile ? recordWire(profile) : null,
    personLabel,
  };
}

/** Summaries (keys, reference, latest profile) of the given cases the actor is on: for views across cases. */
export async function listCaseSummaries(actor: Actor, caseIds: string[]): Promise<CaseList> {
  const db = await getDb();
  const [rows, people, formerSigners] = await Promise.all([
    caseIds.length === 0 ? [] : db.case.findMany({ where: { ...visibleCasesWhere(actor), id: { in: caseIds } }, include: summaryInclude(actor) }),
    listOrgPeople(actor),
    listFormerSigners(actor),
  ]);
  const labels = await latestPersonLabels(rows.map((r) => r.id));
  await recordReadEvent({ actorId: actor.userId, action: "case.list_read", data: { part: "summaries", asked: caseIds.length, count: rows.length } });
  // Views across cases show the label: the whole profile goes only where the label is not (a case last saved before labels).
  const cases = rows.map((r) => {
    const label = labels.get(r.id) ?? null;
    return { ...summary(actor, r, label), ...(label ? { profile: null } : {}) };
  });
  return { people, formerSigners, cases };
}

/** The membership chain's head as the browser's memory of opened cases names it: its number and a hash of its signature. */
const chainHead = (head: { seq: number; signature: Uint8Array } | undefined) =>
  head ? `${head.seq}:${createHash("sha256").update(head.signature).digest("hex")}` : null;

const caseRefSelect = {
  id: true,
  reference: true,
  state: true,
  currentEpoch: true,
  chain: { orderBy: { seq: "desc" as const }, take: 1, select: { seq: true, signature: true } },
  records: { where: { type: "person_profile" }, orderBy: { version: "desc" as const }, take: 1, select: { version: true } },
} as const;

type CaseRefRow = { id: string; reference: string; state: string; currentEpoch: number; chain: { seq: number; signature: Uint8Array }[]; records: { version: number }[] };

const caseRefWire = (r: CaseRefRow): CaseRefWire => ({
  id: r.id,
  reference: r.reference,
  state: r.state,
  currentEpoch: r.currentEpoch,
  chainHead: chainHead(r.chain[0]),
  profileVersion: r.records[0]?.version ?? null,
});

/** The refs of the given cases the actor is on (any other id is left out), for views across cases. */
export async function listCaseRefs(actor: Actor, caseIds: string[]): Promise<CaseRefWire[]> {
  if (caseIds.length === 0) return [];
  const db = await getDb();
  const rows = await db.case.findMany({ where: { ...visibleCasesWhere(actor), id: { in: caseIds } }, select: caseRefSelect });
  return rows.map(caseRefWire);
}

export type CasePageQuery = { state?: CaseState; role?: CaseRole; after?: TimeIdCursor; limit: number };

/**
 * One page of the actor's cases, most recently changed first: refs with the
 * actor's role and the time, the exact number of cases the filters leave,
 * and where the next page starts. Names are not here: the browser opens them.
 */
export async function listCasePage(actor: Actor, query: CasePageQuery): Promise<CasePage> {
  const visible = visibleCasesWhere(actor);
  const where = {
    ...visible,
    ...(query.state ? { state: query.state } : {}),
    ...(query.role ? { members: { some: { userId: actor.userId, role: query.role } } } : {}),
  };
  const after = query.after ? { OR: [{ updatedAt: { lt: query.after.at } }, { updatedAt: query.after.at, id: { lt: query.after.id } }] } : {};
  const db = await getDb();
  const [total, rows] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({
      where: { AND: [where, after] },
      select: { ...caseRefSelect, updatedAt: true, members: { where: { userId: actor.userId }, select: { role: true } } },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: query.limit + 1,
    }),
  ]);
  const page = rows.slice(0, query.limit);
  await recordReadEvent({ actorId: actor.userId, action: "case.list_read", data: { count: page.length, total } });
  const last = page.at(-1);
  return {
    total,
    cases: page.flatMap((r) => (r.members[0] ? [{ ...caseRefWire(r), myRole: r.members[0].role, updatedAt: r.updatedAt.toISOString() }] : [])),
    next: rows.length > query.limit && last ? timeIdCursor(last.updatedAt, last.id) : null,
  };
}

export async function getCaseDetail(actor: Actor, caseId: string): Promise<CaseDetail> {
  const db = await getDb();
  const row = await db.case.findFirst({
    where: visibleCaseWhere(actor, caseId),
    include: {
      ...summaryInclude(actor),
      members: { select: { userId: true, role: true, needsKeyShare: true, addedAt: true }, orderBy: { addedAt: "asc" } },
      transitions: { orderBy: { at: "asc" } },
    },
  });
  if (!row) throw new AppError("not_found");
  const [people, formerSigners, versions, others, labels, testimonies, evidence, deadlines] = await Promise.all([
    listOrgPeople(actor),
    listFormerSigners(actor),
    db.caseRecord.findMany({ where: { caseId, type: "person_profile" }, select: { version: true, authorId: true, createdAt: true, size: true }, orderBy: { version: "desc" } }),
    db.caseRecord.findMany({ where: { caseId, type: "transition_reason" }, orderBy: { createdAt: "asc" } }),
    latestPersonLabels([caseId]),
    db.testimonyVersion.count({ where: { caseId, version: 1 } }),
    db.evidence.count({ where: { caseId, state: "ready" } }),
    db.deadline.count({ where: { caseId } }),
  ]);
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "case" } });
  return {
    ...summary(actor, row, labels.get(caseId) ?? null),
    people,
    formerSigners,
    members: row.members.map((m) => ({ userId: m.userId, caseRole: m.role, needsKeyShare: m.needsKeyShare, addedAt: m.addedAt.toISOString() })),
    profileVersions: versions.map((v) => ({ version: v.version, authorId: v.authorId, createdAt: v.createdAt.toISOString(), size: v.size })),
    records: others.map(recordWire),
    counts: { testimonies, evidence, deadlines },
    transitions: row.transitions.map((t) => ({
      id: t.id,
      transition: t.transition,
      fromState: t.fromState,
      toState: t.toState,
      actorId: t.actorId,
      at: t.at.toISOString(),
      reasonRecordId: t.reasonRecordId,
    })),
  };
}

/** A profile version other than the latest, for the history view. */
export async function getProfileVersion(actor: Actor, caseId: string, version: number) {
  const db = await getDb();
  const row = await db.caseRecord.findFirst({ where: { caseId, type: "person_profile", version, case: visibleCasesWhere(actor) } });
  if (!row) throw new AppError("not_found");
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "profile", version } });
  return recordWire(row);
}

/** How many cases the actor is on (no content, no audit event: a count reveals nothing of a case). */
export async function countMyCases(actor: Actor): Promise<number> {
  const db = await getDb();
  return db.case.count({ where: visibleCasesWhere(actor) });
}
