/**
 * The work `npm run bench:trust` times, written once so that Node and
 * headless Chromium run exactly the same code (scripts/bench-trust.ts runs it
 * in Node, then bundles this file with esbuild and runs it in a page).
 *
 * Must always hold: no Node-only import here (no `node:*`, no `process`);
 * only the lib modules a case page uses and globals both places have
 * (`crypto.randomUUID`, `performance`).
 *
 * Builds, in memory, a case with 20 key epochs (39 membership statements: a
 * member added, then removed with a new epoch, nineteen times, a team of 8)
 * and 200 signed records (deadline details, sealed as the app seals them,
 * spread over the 20 epochs, written by the team), then times verifyChain
 * (cold: every signature checked; warm: the in-memory memo) and opening the
 * 200 records as a case page does: decrypt, check the author's signature
 * against the chain's members of the record's epoch, parse.
 * libsodium is loaded (and timed) before the case is built, so neither
 * verification figure includes it: a case page opens after the unlock, which
 * has loaded it already.
 */
import { generateUserKeyPairs } from "@/lib/crypto/user-keys";
import { newAccountKey } from "@/lib/crypto/wrap-key";
import { openRecord, sealRecord } from "@/lib/cases/records-client";
import { newCaseKey } from "@/lib/crypto/case-key-seal";
import { toBase64url } from "@/lib/crypto/encoding";
import { loadSodium } from "@/lib/crypto/sodium";
import { deadlineDetailsSchema } from "@/lib/deadlines/schema";
import { chainAuthors, chainMember, headAfter, signNextLink, signTeamChange, verifyChain } from "@/lib/trust/membership-chain";

export type TrustTimings = {
  statements: number;
  records: number;
  /** First loadSodium() in this process or page: fetch/compile of the WebAssembly and init. */
  sodiumLoadMs: number;
  /** verifyChain with nothing memoised: every statement parsed, hashed and its signature checked. */
  chainColdMs: number;
  /** Median of 10 more verifyChain calls on the same chain (signatures memoised). */
  chainWarmMs: number;
  /** Median of 5 runs opening the 200 records (decrypt, author's signature against the chain, schema). */
  recordsMs: number;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function newAccount() {
  return { userId: crypto.randomUUID(), accountKey: await newAccountKey(), keys: await generateUserKeyPairs() };
}

export async function runTrustWorkload(): Promise<TrustTimings> {
  let t = performance.now();
  await loadSodium();
  const sodiumLoadMs = performance.now() - t;

  const caseId = crypto.randomUUID();
  const lead = await newAccount();
  const team = await Promise.all(Array.from({ length: 7 }, newAccount));
  const keysOf = (a: typeof lead) => ({ userId: a.userId, boxPublicKey: toBase64url(a.keys.x25519.publicKey), signPublicKey: toBase64url(a.keys.ed25519.publicKey) });
  const kcv = (n: number) => toBase64url(new Uint8Array(32).fill(n));

  let link = await signNextLink({ caseId, head: null, epoch: 1, keyCheckValue: kcv(1), members: [chainMember(keysOf(lead), "lead"), ...team.map((m) => chainMember(keysOf(m), "member"))], me: lead });
  const links = [link];
  let head = await headAfter(null, link);
  for (let epoch = 2; epoch <= 20; epoch++) {
    const visitor = await newAccount();
    link = await signTeamChange({ caseId, head, change: { add: chainMember(keysOf(visitor), "reviewer") }, me: lead });
    links.push(link);
    head = await headAfter(head, link);
    link = await signTeamChange({ caseId, head, change: { removeId: visitor.userId }, me: lead, newEpoch: { epoch, keyCheckValue: kcv(epoch) } });
    links.push(link);
    head = await headAfter(head, link);
  }
  const signers = [lead, ...team].map((a) => ({ userId: a.userId, signPublicKey: keysOf(a).signPublicKey }));

  // 200 records, ten per epoch, each signed by a member of the team.
  const keys = new Map(await Promise.all(Array.from({ length: 20 }, async (_, i): Promise<[number, Uint8Array]> => [i + 1, await newCaseKey()])));
  const details = { title: "Hearing", court: "District court", venue: "Courtroom 4", courtCaseNumber: "No 1/2", timeZone: "Asia/Yerevan", date: "2027-01-01", time: "10:00", notes: "n".repeat(300), outcome: "" };
  const authors = [lead, ...team];
  const records = await Promise.all(
    Array.from({ length: 200 }, (_, i) => {
      const epoch = 1 + (i % 20);
      const signed = { author: authors[i % authors.length]!, prev: null };
      return sealRecord({ caseId, type: "deadline_details", id: crypto.randomUUID(), version: 1, epoch, caseKey: keys.get(epoch)!, value: details, signed });
    }),
  );

  t = performance.now();
  const cold = await verifyChain(caseId, links, signers);
  const chainColdMs = performance.now() - t;
  if (!cold.ok) throw new Error("the bench chain must verify");
  const warm: number[] = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    await verifyChain(caseId, links, signers);
    warm.push(performance.now() - t);
  }
  const recordRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    const byEpoch = chainAuthors(links);
    for (const record of records) await openRecord({ caseId, record, caseKey: keys.get(record.epoch)!, schema: deadlineDetailsSchema, type: "deadline_details", authors: byEpoch.get(record.epoch) });
    recordRuns.push(performance.now() - t);
  }
  return { statements: links.length, records: records.length, sodiumLoadMs, chainColdMs, chainWarmMs: median(warm), recordsMs: median(recordRuns) };
}
