/**
 * Fixtures for the case action tests: users with real keys, cases opened the
 * way the browser opens them (lib/cases/case-keys + records-client), then
 * written through the real server actions with an Actor, as the guard would.
 *
 * Every call makes fresh rows (organisation, users, case): under the
 * PostgreSQL run all test files share one database, so no test may assume
 * empty tables or another test's rows.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { sealAuditInbox } from "@/lib/audit/actions/sealer";
import { verifyAuditChain } from "@/lib/audit/queries";
import type { Actor } from "@/lib/auth/policy";
import type { CaseRole, OrgRole } from "@/lib/auth/roles";
import { openCase } from "@/lib/cases/actions/open-case";
import { addMember, removeMember } from "@/lib/cases/actions/team";
import { createCaseKeys, grantEveryEpoch, rotateCaseKey } from "@/lib/cases/case-keys";
import { sealedRecordHash, type EpochAuthors } from "@/lib/cases/record-signature";
import { sealRecord } from "@/lib/cases/records-client";
import { sealFirstProfile } from "@/lib/cases/open-case-client";
import { emptyProfile, type MemberKeys, type PersonLabel, type PersonProfile, type RecordType, type SealedRecordWire } from "@/lib/cases/schema";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url } from "@/lib/crypto/encoding";
import { generateUserKeyPairs } from "@/lib/crypto/user-keys";
import { newAccountKey } from "@/lib/crypto/wrap-key";
import { getDb } from "@/lib/db/client";
import { AppError, type AppErrorCode } from "@/lib/errors/app-error";
import type { ChainLinkWire, MembershipStatement } from "@/lib/trust/chain-schema";
import { pinnedKeybook } from "@/lib/trust/keybook";
import { chainAuthors, chainMember, headAfter, signTeamChange, type ChainHead, type TeamChange } from "@/lib/trust/membership-chain";

/** A user as the tests need them: the server's Actor, the browser's unlocked keys, and the public keys others see. */
export type TestUser = { actor: Actor; account: UnlockedAccount; keys: MemberKeys };

export async function newOrg(): Promise<string> {
  const db = await getDb();
  const org = await db.organisation.create({ data: { name: `Test org ${randomUUID()}` } });
  return org.id;
}

/** Fresh key pairs for `userId`, as enrolment makes them (without the passphrase KDF, which the server never sees). */
export async function newAccount(userId: string): Promise<UnlockedAccount> {
  return { userId, accountKey: await newAccountKey(), keys: await generateUserKeyPairs() };
}

function memberKeysOf(account: UnlockedAccount, role: OrgRole): MemberKeys {
  return {
    userId: account.userId,
    displayName: "Test user",
    orgRole: role,
    active: true,
    boxPublicKey: toBase64url(account.keys.x25519.publicKey),
    signPublicKey: toBase64url(account.keys.ed25519.publicKey),
  };
}

/** An active user of `orgId` with real keys; only the public keys go to the database. */
export async function newUser(orgId: string, role: OrgRole): Promise<TestUser> {
  const db = await getDb();
  const account = await newAccount(randomUUID());
  await db.user.create({
    data: {
      id: account.userId,
      orgId,
      role,
      email: `${account.userId}@cases.test`,
      displayName: "Test user",
      boxPublicKey: new Uint8Array(account.keys.x25519.publicKey),
      signPublicKey: new Uint8Array(account.keys.ed25519.publicKey),
    },
  });
  return { actor: { userId: account.userId, orgId, role }, account, keys: memberKeysOf(account, role) };
}

/** A fresh organisation with `roles.length` people in it, one per role given. */
export async function peopleOfNewOrg<Roles extends OrgRole[]>(...roles: Roles): Promise<{ [K in keyof Roles]: TestUser }> {
  const orgId = await newOrg();
  const people: TestUser[] = [];
  for (const role of roles) people.push(await newUser(orgId, role));
  return people as { [K in keyof Roles]: TestUser };
}

/** What an admin reset and a re-enrolment leave: new key pairs for the same user (their grants are the test's business). */
export async function reenrol(user: TestUser): Promise<TestUser> {
  const db = await getDb();
  const account = await newAccount(user.actor.userId);
  await db.user.update({
    where: { id: user.actor.userId },
    data: { boxPublicKey: new Uint8Array(account.keys.x25519.publicKey), signPublicKey: new Uint8Array(account.keys.ed25519.publicKey) },
  });
  return { actor: user.actor, account, keys: memberKeysOf(account, user.actor.role) };
}

/** A profile carrying `marker` in its fields, to look for in the database later. */
export function profileWith(marker: string): PersonProfile {
  return { ...emptyProfile, riskLevel: "high", fullName: `Name ${marker}`, safeContact: `Signal ${marker}`, notes: `Notes ${marker}` };
}

/**
 * A case as the lead's browser knows it: the case keys it holds by epoch and
 * the people on the team. Helpers below keep it in step with the database.
 */
export type TestCase = {
  caseId: string;
  reference: string;
  lead: TestUser;
  team: TestUser[];
  profileId: string;
  /** The id of the person's label records (lib/cases/schema.ts, personLabelSchema). */
  labelId: string;
  profile: PersonProfile;
  currentEpoch: number;
  keys: Map<number, Uint8Array>;
};

export function keyOf(kase: TestCase, epoch = kase.currentEpoch): Uint8Array {
  const key = kase.keys.get(epoch);
  if (!key) throw new Error(`the test holds no key for epoch ${epoch}`);
  return key;
}

/**
 * Seals a record for the case (under the current epoch unless told
 * otherwise), signed by `author` (the lead unless told otherwise) after
 * `previous`. Without `previous`, a later version names a placeholder
 * predecessor: enough for tests of the server, which cannot see inside.
 */
export async function seal(
  kase: TestCase,
  record: { type: RecordType; id: string; version: number; value: unknown; epoch?: number; author?: TestUser; previous?: SealedRecordWire },
): Promise<SealedRecordWire> {
  const epoch = record.epoch ?? kase.currentEpoch;
  const prev = record.previous ? await sealedRecordHash(record.previous.contentSealed) : record.version === 1 ? null : "0".repeat(43);
  const signed = { author: (record.author ?? kase.lead).account, prev };
  return sealRecord({ caseId: kase.caseId, type: record.type, id: record.id, version: record.version, epoch, caseKey: keyOf(kase, epoch), value: record.value, signed });
}

/** Opens a case as a coordinator's browser does: keys, epoch 1, my grant, profile v1; then openCase. */
export async function openTestCase(lead: TestUser, profile: PersonProfile = profileWith(randomUUID())): Promise<TestCase> {
  const caseId = randomUUID();
  const profileId = randomUUID();
  const { caseKey, epoch, grant, link } = await createCaseKeys(caseId, lead.account);
  const sealed = await sealFirstProfile({ caseId, caseKey, profile, author: lead.account, ids: { profileId, labelId: randomUUID() } });
  const { label } = sealed;
  const { reference } = await openCase(lead.actor, { caseId, epoch, grant, link, ...sealed });
  return { caseId, reference, lead, team: [lead], profileId, labelId: label.id, profile, currentEpoch: 1, keys: new Map([[1, caseKey]]) };
}

/**
 * saveProfile's input for a profile version, with the label version that goes
 * with it (the same version and epoch: each save writes both).
 */
export async function profileSave(kase: TestCase, record: SealedRecordWire, label: PersonLabel = { fullName: "Label", aliases: [], riskLevel: "high" }) {
  const sealedLabel = await seal(kase, { type: "person_label", id: kase.labelId, version: record.version, epoch: record.epoch, value: label });
  return { caseId: kase.caseId, record, label: sealedLabel };
}

/** Who may have signed records of `epoch`, as the case's stored chain lists them (what a browser derives once the chain verifies). */
export async function authorsAt(kase: Pick<TestCase, "caseId">, epoch: number): Promise<EpochAuthors | undefined> {
  return chainAuthors(await chainOf(kase.caseId)).get(epoch);
}

/** The case's membership chain as stored, read back without checking signatures (the tests that attack it check them). */
export async function chainOf(caseId: string): Promise<ChainLinkWire[]> {
  const db = await getDb();
  const rows = await db.caseChainLink.findMany({ where: { caseId }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({ statement: JSON.parse(Buffer.from(r.statement).toString("utf8")) as MembershipStatement, signature: toBase64url(r.signature) }));
}

/** The stored chain's head (the statement the next change must follow). */
export async function chainHeadOf(caseId: string): Promise<ChainHead> {
  let head: ChainHead | null = null;
  for (const link of await chainOf(caseId)) head = await headAfter(head, link);
  if (!head) throw new Error("the case has no membership chain");
  return head;
}

/** `by` signs the chain statement for `change` of the stored team (a new key epoch when given). */
export async function teamLink(kase: TestCase, change: TeamChange, by: TestUser = kase.lead, newEpoch?: { epoch: number; keyCheckValue: string }): Promise<ChainLinkWire> {
  return signTeamChange({ caseId: kase.caseId, head: await chainHeadOf(kase.caseId), change, me: by.account, newEpoch });
}

/** The statement adding `user` with `role`. */
export const addLink = (kase: TestCase, user: TestUser, role: CaseRole = "member", by: TestUser = kase.lead) => teamLink(kase, { add: chainMember(user.keys, role) }, by);

/** `by` seals every epoch's case key to `user` and adds them. */
export async function addTestMember(kase: TestCase, user: TestUser, role: CaseRole = "member", by: TestUser = kase.lead): Promise<void> {
  const grants = await grantEveryEpoch({ caseId: kase.caseId, currentEpoch: kase.currentEpoch, keys: (e) => kase.keys.get(e), recipient: user.keys, me: by.account, keybook: pinnedKeybook([user.keys]) });
  await addMember(by.actor, { caseId: kase.caseId, userId: user.actor.userId, role, grants, link: await addLink(kase, user, role, by) });
  kase.team.push(user);
}

/** The users of `team` whose accounts are active (a deactivated member gets no new key). */
async function activeOnly(team: TestUser[]): Promise<TestUser[]> {
  const db = await getDb();
  const active = await db.user.findMany({ where: { id: { in: team.map((m) => m.actor.userId) }, status: "active" }, select: { id: true } });
  const ids = new Set(active.map((u) => u.id));
  return team.filter((m) => ids.has(m.actor.userId));
}

/** A fresh organisation and case led by a coordinator, with a caseworker on its team (the preamble of the evidence tests). */
export async function caseWithCaseworker(): Promise<{ kase: TestCase; caseworker: TestUser }> {
  const orgId = await newOrg();
  const coordinator = await newUser(orgId, "coordinator");
  const caseworker = await newUser(orgId, "caseworker");
  const kase = await openTestCase(coordinator);
  await addTestMember(kase, caseworker, "member");
  return { kase, caseworker };
}

/** An organisation's cast for the evidence tests: a coordinator, two caseworkers, a lawyer, and a caseworker on no case (the stranger). */
export type ReviewCast = { orgId: string; coordinator: TestUser; caseworker: TestUser; colleague: TestUser; lawyer: TestUser; stranger: TestUser };

export async function reviewCast(): Promise<ReviewCast> {
  const orgId = await newOrg();
  const [coordinator, caseworker, colleague, lawyer, stranger] = await Promise.all([
    newUser(orgId, "coordinator"),
    newUser(orgId, "caseworker"),
    newUser(orgId, "caseworker"),
    newUser(orgId, "lawyer"),
    newUser(orgId, "caseworker"),
  ]);
  return { orgId, coordinator, caseworker, colleague, lawyer, stranger };
}

/** A case the coordinator leads, the caseworker and the colleague write to and the lawyer reviews; the stranger is on none. */
export async function reviewTeamCase(cast: ReviewCast): Promise<TestCase> {
  const kase = await openTestCase(cast.coordinator);
  await addTestMember(kase, cast.caseworker, "member");
  await addTestMember(kase, cast.colleague, "member");
  await addTestMember(kase, cast.lawyer, "reviewer");
  return kase;
}

/** The key material of a removal: a new epoch sealed to everyone but `user` (or to the `remaining` given), and its chain statement. */
export async function rotationWithout(kase: TestCase, user: TestUser, by: TestUser = kase.lead, remaining?: TestUser[]) {
  const keep = remaining ?? (await activeOnly(kase.team.filter((m) => m.actor.userId !== user.actor.userId)));
  const keys = keep.map((m) => m.keys);
  const rotated = await rotateCaseKey({ caseId: kase.caseId, newEpoch: kase.currentEpoch + 1, remaining: keys, me: by.account, keybook: pinnedKeybook(keys) });
  const link = await teamLink(kase, { removeId: user.actor.userId, rekey: keys }, by, rotated.epoch);
  return { ...rotated, link };
}

/** `by` removes `user`: a new epoch, sealed to the remaining team. */
export async function removeTestMember(kase: TestCase, user: TestUser, by: TestUser = kase.lead): Promise<void> {
  const { caseKey, epoch, grants, link } = await rotationWithout(kase, user, by);
  await removeMember(by.actor, { caseId: kase.caseId, userId: user.actor.userId, epoch, grants, link });
  kase.team = kase.team.filter((m) => m.actor.userId !== user.actor.userId);
  kase.currentEpoch = epoch.epoch;
  kase.keys.set(epoch.epoch, caseKey);
}

/** Asserts that `action` fails with AppError(`code`), and with `message` when given. */
export async function expectAppError(action: Promise<unknown>, code: AppErrorCode, message?: string): Promise<void> {
  const caught = await action.then(
    (value: unknown) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in caught)) throw new Error(`expected AppError(${code}), but the action succeeded`);
  expect(caught.error).toBeInstanceOf(AppError);
  expect((caught.error as AppError).code).toBe(code);
  if (message !== undefined) expect((caught.error as AppError).message).toBe(message);
}

/** The audit events of a case, oldest first (reads waiting in the inbox sealed first, as the server's sealer would). */
export async function caseEvents(caseId: string, action?: string) {
  await sealAuditInbox();
  const db = await getDb();
  return db.auditEvent.findMany({ where: { caseId, ...(action ? { action } : {}) }, orderBy: { seq: "asc" } });
}

/** What a case looks like in the database, to compare before and after a refused change. */
export async function caseSnapshot(caseId: string) {
  const db = await getDb();
  const kase = await db.case.findUnique({
    where: { id: caseId },
    include: {
      members: { orderBy: { userId: "asc" } },
      epochs: { orderBy: { epoch: "asc" } },
      grants: { orderBy: [{ epoch: "asc" }, { recipientId: "asc" }] },
      records: { orderBy: [{ id: "asc" }, { version: "asc" }] },
      transitions: { orderBy: { at: "asc" } },
    },
  });
  await sealAuditInbox();
  const events = await db.auditEvent.count({ where: { caseId } });
  return { kase, events };
}

/** The whole audit log still verifies, link by link (with the reads waiting in the inbox sealed into it). */
export async function expectAuditChainIntact(): Promise<void> {
  await sealAuditInbox();
  const report = await verifyAuditChain();
  expect(report, JSON.stringify(report, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))).toMatchObject({ ok: true });
}
