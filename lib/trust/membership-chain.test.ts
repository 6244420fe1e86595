import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url } from "@/lib/crypto/encoding";
import { newAccount } from "@/lib/testing/case-fixtures";
import type { ChainLinkWire, ChainMember } from "./chain-schema";
import { chainMember, compareTeam, headAfter, signNextLink, signTeamChange, teamMatches, verifyChain, type ChainHead } from "./membership-chain";

// The chain is attacked here as a lying server would: forged, re-signed,
// re-ordered, re-numbered and edited statements. Each must fail; the honest
// chain beside them must pass.

const keysOf = (a: UnlockedAccount) => ({ userId: a.userId, boxPublicKey: toBase64url(a.keys.x25519.publicKey), signPublicKey: toBase64url(a.keys.ed25519.publicKey) });
const signerOf = (a: UnlockedAccount) => ({ userId: a.userId, signPublicKey: toBase64url(a.keys.ed25519.publicKey) });
const KCV1 = toBase64url(new Uint8Array(32).fill(1));
const KCV2 = toBase64url(new Uint8Array(32).fill(2));

let lead: UnlockedAccount;
let member: UnlockedAccount;
let newcomer: UnlockedAccount;
let attacker: UnlockedAccount;
let caseId: string;
/** An honest chain: the lead opens the case, adds a member, adds a newcomer, removes the newcomer (epoch 2). */
let honest: ChainLinkWire[];

async function chainOf(links: ChainLinkWire[]): Promise<ChainHead> {
  let head: ChainHead | null = null;
  for (const link of links) head = await headAfter(head, link);
  return head!;
}

beforeAll(async () => {
  [lead, member, newcomer, attacker] = await Promise.all([newAccount(randomUUID()), newAccount(randomUUID()), newAccount(randomUUID()), newAccount(randomUUID())]);
  caseId = randomUUID();
  const first = await signNextLink({ caseId, head: null, epoch: 1, keyCheckValue: KCV1, members: [chainMember(keysOf(lead), "lead")], me: lead });
  honest = [first];
  const steps = [
    { change: { add: chainMember(keysOf(member), "member") } },
    { change: { add: chainMember(keysOf(newcomer), "reviewer") } },
    { change: { removeId: newcomer.userId }, newEpoch: { epoch: 2, keyCheckValue: KCV2 } },
  ];
  for (const step of steps) honest.push(await signTeamChange({ caseId, head: await chainOf(honest), me: lead, ...step }));
});

const trusted = () => [signerOf(lead), signerOf(member)];

describe("verifyChain", () => {
  it("accepts the honest chain from statement 1, with the team and epoch of its last statement", async () => {
    const verdict = await verifyChain(caseId, honest, trusted());
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.head.seq).toBe(4);
    expect(verdict.head.statement.epoch).toBe(2);
    expect(verdict.head.statement.members.map((m) => m.userId).sort()).toEqual([lead.userId, member.userId].sort());
    expect(verdict.head.hashes).toHaveLength(4);
  });

  it("a case with no chain (made by an earlier version) is no_chain", async () => {
    expect(await verifyChain(caseId, [], trusted())).toEqual({ ok: false, problem: "no_chain" });
  });

  const broken = (seq: number) => ({ ok: false, problem: "broken_chain", seq });

  it("a statement signed by a key the server injected as the lead's is refused", async () => {
    const head = await chainOf(honest.slice(0, 3));
    const members = [...head.statement.members, chainMember(keysOf(attacker), "member")];
    // Well formed in every other way: right case, seq, hash of statement 3, signer id of the lead.
    const forged = await signNextLink({ caseId, head, epoch: 2, keyCheckValue: KCV2, members, me: { ...attacker, userId: lead.userId } });
    expect(await verifyChain(caseId, [...honest.slice(0, 3), forged], trusted())).toEqual(broken(4));
    // Control: the same statement signed with the lead's own key passes.
    const real = await signNextLink({ caseId, head, epoch: 2, keyCheckValue: KCV2, members, me: lead });
    expect((await verifyChain(caseId, [...honest.slice(0, 3), real], trusted())).ok).toBe(true);
  });

  it("a whole chain made up by the server (a 'lead' with the attacker's keys) is refused at statement 1", async () => {
    const fake = await signNextLink({ caseId, head: null, epoch: 1, keyCheckValue: KCV1, members: [{ ...chainMember(keysOf(attacker), "lead"), userId: lead.userId }], me: { ...attacker, userId: lead.userId } });
    expect(await verifyChain(caseId, [fake], trusted())).toEqual(broken(1));
  });

  it("a statement signed by a member who is not a lead is refused", async () => {
    const byMember = await signTeamChange({ caseId, head: await chainOf(honest.slice(0, 2)), change: { add: chainMember(keysOf(attacker), "member") }, me: member });
    expect(await verifyChain(caseId, [...honest.slice(0, 2), byMember], trusted())).toEqual(broken(3));
  });

  it("an edited statement (a role raised after signing) is refused", async () => {
    const edited = structuredClone(honest);
    edited[1]!.statement.members = edited[1]!.statement.members.map((m: ChainMember) => (m.userId === member.userId ? { ...m, role: "lead" as const } : m));
    expect(await verifyChain(caseId, edited, trusted())).toEqual(broken(2));
  });

  it("a dropped middle statement, a reordering and another case's chain are refused", async () => {
    expect(await verifyChain(caseId, [honest[0]!, honest[2]!, honest[3]!], trusted())).toEqual(broken(2));
    expect(await verifyChain(caseId, [honest[0]!, honest[2]!, honest[1]!, honest[3]!], trusted())).toEqual(broken(2));
    expect(await verifyChain(randomUUID(), honest, trusted())).toEqual(broken(1));
  });

  it("a key check value changed without a new epoch, or an epoch that skips, is refused", async () => {
    const head = await chainOf(honest.slice(0, 2));
    const swapped = await signNextLink({ caseId, head, epoch: 1, keyCheckValue: KCV2, members: head.statement.members, me: lead });
    expect(await verifyChain(caseId, [...honest.slice(0, 2), swapped], trusted())).toEqual(broken(3));
    const skipped = await signNextLink({ caseId, head, epoch: 3, keyCheckValue: KCV2, members: head.statement.members, me: lead });
    expect(await verifyChain(caseId, [...honest.slice(0, 2), skipped], trusted())).toEqual(broken(3));
  });

  it("a lead removed in one statement cannot sign the next", async () => {
    const head = await chainOf(honest.slice(0, 1));
    const coLead = await signTeamChange({ caseId, head, change: { add: chainMember(keysOf(member), "lead") }, me: lead });
    const withoutLead = await signTeamChange({ caseId, head: await headAfter(head, coLead), change: { removeId: lead.userId }, me: member, newEpoch: { epoch: 2, keyCheckValue: KCV2 } });
    const afterwards = await signTeamChange({ caseId, head: await chainOf([honest[0]!, coLead, withoutLead]), change: { add: chainMember(keysOf(attacker), "member") }, me: lead });
    expect((await verifyChain(caseId, [honest[0]!, coLead, withoutLead], trusted())).ok).toBe(true);
    expect(await verifyChain(caseId, [honest[0]!, coLead, withoutLead, afterwards], trusted())).toEqual(broken(4));
  });
});

describe("compareTeam", () => {
  it("names members the server hides or adds, and an epoch that is not the chain's", async () => {
    const head = await chainOf(honest);
    expect(teamMatches(compareTeam(head, { memberIds: [lead.userId, member.userId], currentEpoch: 2 }))).toBe(true);
    expect(compareTeam(head, { memberIds: [lead.userId], currentEpoch: 2 })).toEqual({ hidden: [member.userId], extra: [], epoch: false });
    expect(compareTeam(head, { memberIds: [lead.userId, member.userId, attacker.userId], currentEpoch: 2 })).toEqual({ hidden: [], extra: [attacker.userId], epoch: false });
    expect(compareTeam(head, { memberIds: [lead.userId, member.userId], currentEpoch: 1 }).epoch).toBe(true);
  });
});
