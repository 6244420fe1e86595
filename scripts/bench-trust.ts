/**
 * `npm run bench:trust`: how long does this browser-side code take to trust
 * a case with a long history? Builds, in memory, a case with 20 key epochs
 * (39 membership statements: a member added, then removed with a new epoch,
 * nineteen times, a team of 8) and 200 signed records, then times
 * verifyChain (cold: every signature checked; warm: the in-memory memo) and
 * the 200 record signature checks, in Node's libsodium (the same
 * WebAssembly build the browser runs). Target: chain + records under 300 ms.
 */
import { randomUUID } from "node:crypto";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main() {
  const { generateUserKeyPairs } = await import("@/lib/crypto/user-keys");
  const { newAccountKey } = await import("@/lib/crypto/wrap-key");
  const newAccount = async (userId: string) => ({ userId, accountKey: await newAccountKey(), keys: await generateUserKeyPairs() });
  const { toBase64url } = await import("@/lib/crypto/encoding");
  const { signCanonical, verifyCanonical } = await import("@/lib/crypto/signatures");
  const { chainMember, headAfter, signNextLink, signTeamChange, verifyChain } = await import("@/lib/trust/membership-chain");

  const caseId = randomUUID();
  const lead = await newAccount(randomUUID());
  const team = await Promise.all(Array.from({ length: 7 }, () => newAccount(randomUUID())));
  const keysOf = (a: typeof lead) => ({ userId: a.userId, boxPublicKey: toBase64url(a.keys.x25519.publicKey), signPublicKey: toBase64url(a.keys.ed25519.publicKey) });
  const kcv = (n: number) => toBase64url(new Uint8Array(32).fill(n));

  let link = await signNextLink({ caseId, head: null, epoch: 1, keyCheckValue: kcv(1), members: [chainMember(keysOf(lead), "lead"), ...team.map((m) => chainMember(keysOf(m), "member"))], me: lead });
  const links = [link];
  let head = await headAfter(null, link);
  for (let epoch = 2; epoch <= 20; epoch++) {
    const visitor = await newAccount(randomUUID());
    link = await signTeamChange({ caseId, head, change: { add: chainMember(keysOf(visitor), "reviewer") }, me: lead });
    links.push(link);
    head = await headAfter(head, link);
    link = await signTeamChange({ caseId, head, change: { removeId: visitor.userId }, me: lead, newEpoch: { epoch, keyCheckValue: kcv(epoch) } });
    links.push(link);
    head = await headAfter(head, link);
  }
  const signers = [lead, ...team].map((a) => ({ userId: a.userId, signPublicKey: keysOf(a).signPublicKey }));

  // 200 records: a signed statement over (case, type, id, version, epoch, hash), as record versions are signed.
  const records = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const statement = { type: "casevault:v1:record", caseId, recordType: "testimony", id: randomUUID(), version: 1, epoch: 1 + (i % 20), sha256: toBase64url(new Uint8Array(32).fill(i % 256)) };
      return { statement, signature: await signCanonical(statement, lead.keys.ed25519.privateKey) };
    }),
  );
  const leadKey = lead.keys.ed25519.publicKey;

  let t = performance.now();
  const cold = await verifyChain(caseId, links, signers);
  const coldMs = performance.now() - t;
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
    for (const r of records) await verifyCanonical(r.statement, r.signature, leadKey);
    recordRuns.push(performance.now() - t);
  }
  const recordsMs = median(recordRuns);
  console.log(`case with ${links.length} chain statements (20 epochs) and ${records.length} signed records`);
  console.log(`chain, cold (every signature):  ${coldMs.toFixed(1)} ms`);
  console.log(`chain, warm (memo):             ${median(warm).toFixed(1)} ms`);
  console.log(`200 record signatures:          ${recordsMs.toFixed(1)} ms`);
  console.log(`total on first open:            ${(coldMs + recordsMs).toFixed(1)} ms (target < 300 ms)`);
  console.log(`bench trust chain_cold_ms ${coldMs.toFixed(1)}`);
  console.log(`bench trust chain_warm_ms ${median(warm).toFixed(1)}`);
  console.log(`bench trust records_200_ms ${recordsMs.toFixed(1)}`);
  console.log(`bench trust first_open_ms ${(coldMs + recordsMs).toFixed(1)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
