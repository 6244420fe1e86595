import { beforeAll, describe, expect, it } from "vitest";
import { lockVault, storeUnlocked } from "@/lib/account/vault";
import { isAllZero } from "@/lib/crypto/encoding";
import { getDb } from "@/lib/db/client";
import { addTestMember, newOrg, newUser, openTestCase, removeTestMember, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { forgetOpenedCases, openedCaseCount, openedCases, type CaseRef, type FetchSummaries } from "./opened-cases";
import { listCaseSummaries } from "./queries";
import type { CaseList } from "./schema";

// The browser's memory of opened cases (issue 15: a second dashboard load
// fetches rows only). The summaries come from the real query; the fetch is
// counted, and in the last tests it plays a server that answers more, or
// other, than it was asked.

withTestDatabase();

let orgId: string;
let lead: TestUser;
let other: TestUser;
let first: TestCase;
let second: TestCase;

beforeAll(async () => {
  orgId = await newOrg();
  lead = await newUser(orgId, "coordinator");
  other = await newUser(orgId, "lawyer");
  first = await openTestCase(lead);
  second = await openTestCase(lead);
});

/** The fetch as the browser makes it, counted: which ids each request named. */
function countingFetch(as: () => TestUser, answer: (list: CaseList) => CaseList = (list) => list) {
  const asked: string[][] = [];
  const fetch: FetchSummaries = async (ids) => {
    asked.push([...ids]);
    return answer(await listCaseSummaries(as().actor, ids));
  };
  return { asked, fetch };
}

const signers = async (people: readonly CaseList["people"][number][]) => people;
const ref = (kase: TestCase, over: Partial<CaseRef> = {}): CaseRef => ({ id: kase.caseId, currentEpoch: 1, chainHead: "1:a", profileVersion: 1, ...over });

describe("opened cases, kept in memory for views across cases", () => {
  it("opens each case once: a second view with the same epoch, chain head and profile version fetches nothing", async () => {
    forgetOpenedCases();
    const { asked, fetch } = countingFetch(() => lead);
    const opened = await openedCases(lead.account, [ref(first), ref(second)], fetch, signers);
    expect(asked).toEqual([[first.caseId, second.caseId]]);
    expect(opened.get(first.caseId)?.person?.name).toBe(first.profile.fullName);
    expect(opened.get(first.caseId)?.keyring.has(1)).toBe(true);

    const again = await openedCases(lead.account, [ref(second), ref(first)], fetch, signers);
    expect(asked).toHaveLength(1);
    expect(again.get(first.caseId)?.keyring).toBe(opened.get(first.caseId)?.keyring);
  });

  it("two views asking at once share one fetch", async () => {
    forgetOpenedCases();
    const { asked, fetch } = countingFetch(() => lead);
    await Promise.all([openedCases(lead.account, [ref(first)], fetch, signers), openedCases(lead.account, [ref(first), ref(second)], fetch, signers)]);
    expect(asked).toEqual([[first.caseId], [second.caseId]]);
  });

  it("fetches and checks again when the server names a new chain head, epoch or profile version", async () => {
    forgetOpenedCases();
    const { asked, fetch } = countingFetch(() => lead);
    await openedCases(lead.account, [ref(first), ref(second)], fetch, signers);
    await openedCases(lead.account, [ref(first, { chainHead: "2:b" }), ref(second)], fetch, signers);
    await openedCases(lead.account, [ref(first, { chainHead: "2:b" }), ref(second, { profileVersion: 2 })], fetch, signers);
    expect(asked).toEqual([[first.caseId, second.caseId], [first.caseId], [second.caseId]]);
  });

  it("after a member is removed (a new epoch), the refetched keyring holds the new epoch's key", async () => {
    const kase = await openTestCase(lead);
    await addTestMember(kase, other, "member");
    forgetOpenedCases();
    const { fetch } = countingFetch(() => lead);
    const before = await openedCases(lead.account, [ref(kase)], fetch, signers);
    expect(before.get(kase.caseId)?.keyring.epochs()).toEqual([1]);
    await removeTestMember(kase, other);
    const after = await openedCases(lead.account, [ref(kase, { currentEpoch: 2, chainHead: "3:c" })], fetch, signers);
    expect(after.get(kase.caseId)?.keyring.epochs()).toEqual([1, 2]);
  });


  it("another account does not get the keys opened by the first: it fetches its own", async () => {
    const kase = await openTestCase(lead);
    await addTestMember(kase, other, "member");
    forgetOpenedCases();
    let as = lead;
    const { asked, fetch } = countingFetch(() => as);
    const mine = await openedCases(lead.account, [ref(kase)], fetch, signers);
    as = other;
    const theirs = await openedCases(other.account, [ref(kase)], fetch, signers);
    expect(asked).toHaveLength(2);
    expect(theirs.get(kase.caseId)?.keyring).not.toBe(mine.get(kase.caseId)?.keyring);
    expect(theirs.get(kase.caseId)?.keyring.has(1)).toBe(true);
  });

  it("a failed fetch is not remembered: the next view asks again", async () => {
    forgetOpenedCases();
    let fail = true;
    const asked: string[][] = [];
    const fetch: FetchSummaries = async (ids) => {
      asked.push([...ids]);
      return fail ? null : listCaseSummaries(lead.actor, ids);
    };
    expect((await openedCases(lead.account, [ref(first)], fetch, signers)).get(first.caseId)).toBeNull();
    fail = false;
    expect((await openedCases(lead.account, [ref(first)], fetch, signers)).get(first.caseId)?.person?.name).toBe(first.profile.fullName);
    expect(asked).toHaveLength(2);
  });

  it("the lying server: a summary it was not asked for is not taken, and one passed off under another case's id opens nothing", async () => {
    forgetOpenedCases();
    // Asked for `first`, it answers with `second` too: `second` is not remembered.
    const extra = countingFetch(() => lead, (list) => list);
    const extraFetch: FetchSummaries = async () => extra.fetch([first.caseId, second.caseId]);
    await openedCases(lead.account, [ref(first)], extraFetch, signers);
    expect(openedCaseCount()).toBe(1);

    // Asked for `first`, it sends `second`'s keys, chain and profile relabelled as `first`.
    forgetOpenedCases();
    const swapped: FetchSummaries = async () => {
      const list = await listCaseSummaries(lead.actor, [second.caseId]);
      return { ...list, cases: list.cases.map((c) => ({ ...c, id: first.caseId })) };
    };
    const opened = await openedCases(lead.account, [ref(first)], swapped, signers);
    expect(opened.get(first.caseId)?.keyring.epochs()).toEqual([]);
    expect(opened.get(first.caseId)?.person).toBeNull();
  });

  it("the lying server puts another case's person label on this one, or sends neither label nor profile: the keys open, no name is shown", async () => {
    forgetOpenedCases();
    const [theirs] = (await listCaseSummaries(lead.actor, [second.caseId])).cases;
    const moved = countingFetch(() => lead, (list) => ({ ...list, cases: list.cases.map((c) => ({ ...c, personLabel: theirs!.personLabel })) }));
    const opened = await openedCases(lead.account, [ref(first)], moved.fetch, signers);
    expect(opened.get(first.caseId)?.keyring.has(1)).toBe(true);
    expect(opened.get(first.caseId)?.person).toBeNull();
    // Control: the honest answer names the person.
    forgetOpenedCases();
    expect((await openedCases(lead.account, [ref(first)], countingFetch(() => lead).fetch, signers)).get(first.caseId)?.person?.name).toBe(first.profile.fullName);
    forgetOpenedCases();
    const hidden = countingFetch(() => lead, (list) => ({ ...list, cases: list.cases.map((c) => ({ ...c, personLabel: null, profile: null })) }));
    expect((await openedCases(lead.account, [ref(first)], hidden.fetch, signers)).get(first.caseId)?.person).toBeNull();
  });

  it("a case whose profile was last saved before labels is named from its profile, sent whole for it alone", async () => {
    forgetOpenedCases();
    const older = await openTestCase(lead);
    await (await getDb()).caseRecord.deleteMany({ where: { caseId: older.caseId, type: "person_label" } });
    const { asked, fetch } = countingFetch(() => lead);
    const list = (await fetch([older.caseId, first.caseId]))!;
    expect(list.cases.find((c) => c.id === older.caseId)).toMatchObject({ personLabel: null, profile: { type: "person_profile" } });
    expect(list.cases.find((c) => c.id === first.caseId)).toMatchObject({ profile: null, personLabel: { type: "person_label" } });
    const opened = await openedCases(lead.account, [ref(older), ref(first)], fetch, signers);
    expect(asked).toHaveLength(2);
    expect(opened.get(older.caseId)?.person).toEqual({ name: older.profile.fullName, aliases: older.profile.aliases.map((a) => a.name), risk: older.profile.riskLevel });
    expect(opened.get(first.caseId)?.person?.name).toBe(first.profile.fullName);
  });

  it("locking the vault wipes every key held here and forgets the cases", async () => {
    // Its own person: the lock wipes their account keys too.
    const locker = await newUser(orgId, "coordinator");
    const kase = await openTestCase(locker);
    forgetOpenedCases();
    storeUnlocked(locker.account);
    const { asked, fetch } = countingFetch(() => locker);
    const opened = await openedCases(locker.account, [ref(kase)], fetch, signers);
    const key = opened.get(kase.caseId)!.keyring.get(1)!;
    expect(isAllZero(key)).toBe(false);
    expect(openedCaseCount()).toBe(1);
    lockVault();
    await new Promise((resolve) => setTimeout(resolve, 0)); // the wipe waits for the entry's promise
    expect(isAllZero(key)).toBe(true);
    expect(openedCaseCount()).toBe(0);
    expect(asked).toHaveLength(1);
  });
});
