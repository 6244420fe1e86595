/**
 * The signed membership chain of a case (docs/design.md, "Membership chain").
 *
 * Each change of a case team (opening the case, adding a member, re-sharing
 * to a member's new keys, removing a member with its key rotation) is a
 * statement signed in the browser of the lead who made it: the case id, its
 * place in the chain (seq and the hash of the statement before), the key
 * epoch with its key check value, and the whole team with roles and public
 * keys. The server stores the statements; it cannot make one.
 *
 * Must always hold (each is attacked in membership-chain.test.ts):
 * - verifyChain accepts a chain only from statement 1 on, each statement
 *   linked to the one before by hash, numbered without gaps, for this case.
 * - Statement 1 is signed by a lead it names, with a signing key this
 *   browser trusts for that person (`signers`: the keybook's decision; a
 *   retired key only for a statement dated before its retirement);
 *   every later statement by a lead of the statement before, with the
 *   signing key that statement lists for them. A key the server injects
 *   ("retired", "former") signs nothing here.
 * - The key epoch either stays (same key check value) or rises by one.
 * - A chain that fails any check gives no head: nothing of the case is opened.
 * - Verified links are remembered in memory only (statement hash, signature
 *   and key), so re-opening a case checks only the new links.
 */
import "client-only";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { canonicalBytes } from "@/lib/crypto/canonical-json";
import { fromBase64url, toBase64url } from "@/lib/crypto/encoding";
import { sha256 } from "@/lib/crypto/sha256";
import { signCanonical, verifyCanonical } from "@/lib/crypto/signatures";
import { signerValidAt, type Signer } from "@/lib/cases/schema";
import { CHAIN_STATEMENT_TYPE, membershipStatementSchema, type ChainLinkWire, type ChainMember, type MembershipStatement } from "./chain-schema";

/** The newest verified statement of a case, and the hash of every statement from 1 on. */
export type ChainHead = { seq: number; hash: string; statement: MembershipStatement; hashes: readonly string[] };

export type ChainProblem = "no_chain" | "broken_chain";
export type ChainVerdict = { ok: true; head: ChainHead } | { ok: false; problem: ChainProblem; seq?: number };

export async function statementHash(statement: MembershipStatement): Promise<string> {
  return toBase64url(await sha256(canonicalBytes(statement)));
}

const byUserId = (a: ChainMember, b: ChainMember) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

export type NextLinkInput = {
  caseId: string;
  /** The verified head this change follows; null only when opening the case. */
  head: ChainHead | null;
  epoch: number;
  keyCheckValue: string;
  members: readonly ChainMember[];
  me: UnlockedAccount;
  now?: Date;
};

/** Signs the next statement of the chain with my signing key. */
export async function signNextLink({ caseId, head, epoch, keyCheckValue, members, me, now = new Date() }: NextLinkInput): Promise<ChainLinkWire> {
  const statement: MembershipStatement = membershipStatementSchema.parse({
    type: CHAIN_STATEMENT_TYPE,
    caseId,
    seq: (head?.seq ?? 0) + 1,
    prev: head?.hash ?? "",
    epoch,
    keyCheckValue,
    members: [...members].sort(byUserId),
    signerId: me.userId,
    signedAt: now.toISOString(),
  });
  const signature = await signCanonical(statement, me.keys.ed25519.privateKey);
  return { statement, signature: toBase64url(signature) };
}

export type TeamChange = { add?: ChainMember; removeId?: string; rekey?: readonly Omit<ChainMember, "role">[] };

/** The team of `head` with a change: a member added or removed, members' keys replaced (roles kept). */
export function teamWith(head: ChainHead, change: TeamChange): ChainMember[] {
  let members = head.statement.members.filter((m) => m.userId !== change.removeId && m.userId !== change.add?.userId);
  if (change.add) members = [...members, change.add];
  const rekeyed = new Map((change.rekey ?? []).map((k) => [k.userId, k]));
  return members.map((m) => {
    const keys = rekeyed.get(m.userId);
    return keys ? { ...m, boxPublicKey: keys.boxPublicKey, signPublicKey: keys.signPublicKey } : m;
  });
}

/**
 * Signs the statement for a team change after `head`: the same key epoch
 * (adding, re-sharing), or the new epoch a rotation made (`newEpoch`).
 */
export function signTeamChange(input: {
  caseId: string;
  head: ChainHead;
  change: TeamChange;
  me: UnlockedAccount;
  newEpoch?: { epoch: number; keyCheckValue: string };
}): Promise<ChainLinkWire> {
  const { caseId, head, change, me, newEpoch } = input;
  const epoch = newEpoch ?? { epoch: head.statement.epoch, keyCheckValue: head.statement.keyCheckValue };
  return signNextLink({ caseId, head, ...epoch, members: teamWith(head, change), me });
}

/** A chain member from someone's public keys (as served and pinned) and their case role. */
export const chainMember = (keys: { userId: string; boxPublicKey: string; signPublicKey: string }, role: ChainMember["role"]): ChainMember => ({
  userId: keys.userId,
  role,
  boxPublicKey: keys.boxPublicKey,
  signPublicKey: keys.signPublicKey,
});

/** The head after a link this browser just signed (or read back): no signature check, the caller vouches for it. */
export async function headAfter(head: ChainHead | null, link: ChainLinkWire): Promise<ChainHead> {
  const hash = await statementHash(link.statement);
  return { seq: link.statement.seq, hash, statement: link.statement, hashes: [...(head?.hashes ?? []), hash] };
}

const verifiedLinks = new Set<string>();

/** Checks one signature, remembering a success (never a failure) for the rest of the session. */
async function verifyLink(statement: MembershipStatement, hash: string, signature: string, signPublicKey: string): Promise<boolean> {
  const memo = `${hash}.${signature}.${signPublicKey}`;
  if (verifiedLinks.has(memo)) return true;
  try {
    await verifyCanonical(statement, fromBase64url(signature), fromBase64url(signPublicKey));
  } catch {
    return false;
  }
  verifiedLinks.add(memo);
  return true;
}

const leadOf = (statement: MembershipStatement, userId: string) => statement.members.find((m) => m.userId === userId && m.role === "lead");

/** Verifies `links` (ordered by seq) for `caseId` from statement 1 on. */
export async function verifyChain(caseId: string, links: readonly ChainLinkWire[], signers: readonly Signer[]): Promise<ChainVerdict> {
  if (links.length === 0) return { ok: false, problem: "no_chain" };
  const hashes: string[] = [];
  let previous: MembershipStatement | null = null;
  for (const [index, link] of links.entries()) {
    const seq = index + 1;
    const broken = { ok: false, problem: "broken_chain", seq } as const;
    const parsed = membershipStatementSchema.safeParse(link.statement);
    if (!parsed.success) return broken;
    const statement = parsed.data;
    const hash = await statementHash(statement);
    const ids = new Set(statement.members.map((m) => m.userId));
    if (statement.caseId !== caseId || statement.seq !== seq || statement.prev !== (hashes.at(-1) ?? "") || ids.size !== statement.members.length) return broken;
    // Who may sign: statement 1 is vouched for by the keybook, every later one by the statement before.
    const signerEntry = previous ? leadOf(previous, statement.signerId) : leadOf(statement, statement.signerId);
    if (!signerEntry) return broken;
    const anchored = (s: Signer) => s.userId === statement.signerId && s.signPublicKey === signerEntry.signPublicKey && signerValidAt(s, statement.signedAt);
    if (!previous && !signers.some(anchored)) return broken;
    const epochFollows = previous
      ? (statement.epoch === previous.epoch && statement.keyCheckValue === previous.keyCheckValue) || statement.epoch === previous.epoch + 1
      : statement.epoch === 1;
    if (!epochFollows) return broken;
    if (!(await verifyLink(statement, hash, link.signature, signerEntry.signPublicKey))) return broken;
    hashes.push(hash);
    previous = statement;
  }
  return { ok: true, head: { seq: hashes.length, hash: hashes.at(-1)!, statement: previous!, hashes } };
}

/** The key check value the chain records for `epoch` (the last statement of that epoch), if any. */
export function chainKeyCheck(links: readonly ChainLinkWire[], epoch: number): string | undefined {
  return links.findLast((l) => l.statement.epoch === epoch)?.statement.keyCheckValue;
}

/**
 * Who could write in each epoch: every member a statement of that epoch
 * lists, with each signing key listed for them (a reset inside an epoch
 * lists a second key). Only meaningful for a chain verifyChain accepted.
 */
export function chainAuthors(links: readonly ChainLinkWire[]): Map<number, Map<string, Set<string>>> {
  const byEpoch = new Map<number, Map<string, Set<string>>>();
  for (const { statement } of links) {
    const authors = byEpoch.get(statement.epoch) ?? new Map<string, Set<string>>();
    for (const member of statement.members) authors.set(member.userId, (authors.get(member.userId) ?? new Set<string>()).add(member.signPublicKey));
    byEpoch.set(statement.epoch, authors);
  }
  return byEpoch;
}

export type TeamMismatch = {
  /** On the signed team but not shown by the server: they still hold the key. */
  hidden: string[];
  /** Shown by the server but never signed onto the team. */
  extra: string[];
  /** The server's current epoch is not the chain's. */
  epoch: boolean;
};

/** The server's team and epoch against the chain's head; all empty/false when they agree. */
export function compareTeam(head: ChainHead, served: { memberIds: readonly string[]; currentEpoch: number }): TeamMismatch {
  const signed = new Set(head.statement.members.map((m) => m.userId));
  const shown = new Set(served.memberIds);
  return {
    hidden: [...signed].filter((id) => !shown.has(id)),
    extra: [...shown].filter((id) => !signed.has(id)),
    epoch: served.currentEpoch !== head.statement.epoch,
  };
}

export const teamMatches = (mismatch: TeamMismatch) => mismatch.hidden.length === 0 && mismatch.extra.length === 0 && !mismatch.epoch;
