/**
 * `npm run bench:cases [count]`: is the case list usable with 1,000 (or
 * 10,000) cases? Opens COUNT cases for one coordinator (through the real
 * lib/cases code, on a fresh embedded database, or DATABASE_URL), then times
 * the server's first page (GET /api/cases's query, 50 rows), and the search
 * index as the browser builds it (every page of 200 refs, the summaries in
 * hundreds, each case's grant, chain and profile checked and opened in
 * Node's libsodium — the WebAssembly the browser runs), and a search over
 * it. Prints figures and `bench cases <metric> <value>` lines; no pass/fail.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const count = Math.max(1, Number.parseInt(process.argv[2] ?? "1000", 10) || 1000);
if (!process.env.DATABASE_URL) process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-bench-"));

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? 0;

async function main() {
  const { getDb, closeDb } = await import("@/lib/db/client");
  const { enrolAccount } = await import("@/lib/crypto/account");
  const { deriveKeys } = await import("@/lib/crypto/kdf");
  const { fromBase64url } = await import("@/lib/crypto/encoding");
  const { createCaseKeys } = await import("@/lib/cases/case-keys");
  const { sealRecord } = await import("@/lib/cases/records-client");
  const { openCase } = await import("@/lib/cases/actions/open-case");
  const { listCasePage, listCaseSummaries } = await import("@/lib/cases/queries");
  const { openKeyring, openProfile } = await import("@/lib/cases/open-case-client");
  const { searchCases } = await import("@/lib/cases/case-list-client");
  try {
    const db = await getDb();
    const org = await db.organisation.create({ data: { name: "Bench" } });
    const userId = randomUUID();
    const fast = { alg: "argon2id13" as const, opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };
    const { stored, unlocked } = await enrolAccount(userId, (salt) => deriveKeys("bench passphrase", salt, fast));
    const b = (s: string) => fromBase64url(s) as Uint8Array<ArrayBuffer>;
    await db.user.create({
      data: { id: userId, orgId: org.id, email: `bench-${userId}@x.test`, displayName: "Bench Coordinator", role: "coordinator", boxPublicKey: b(stored.boxPublicKey), signPublicKey: b(stored.signPublicKey) },
    });
    const actor = { userId, orgId: org.id, role: "coordinator" as const };

    let started = performance.now();
    for (let i = 0; i < count; i++) {
      const caseId = randomUUID();
      const { caseKey, epoch, grant, link } = await createCaseKeys(caseId, unlocked);
      const value = { fullName: `Person ${i} Человек ${i}`, aliases: [{ name: `Alias ${i}` }], dateOfBirth: "1980", nationalities: "", languages: "", currentLocation: "", safeContact: "", contacts: [], riskLevel: "high" as const, riskReason: "x".repeat(400), vulnerabilities: "", notes: "y".repeat(2000) };
      const profile = await sealRecord({ caseId, type: "person_profile", id: randomUUID(), version: 1, epoch: 1, caseKey, value, signed: { author: unlocked, prev: null } });
      await openCase(actor, { caseId, epoch, grant, link, profile });
    }
    console.log(`opened ${count} cases in ${((performance.now() - started) / 1000).toFixed(1)} s (${process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"})`);

    const queryTimes: number[] = [];
    let first = await listCasePage(actor, { limit: 50 });
    for (let i = 0; i < 20; i++) {
      started = performance.now();
      first = await listCasePage(actor, { limit: 50 });
      queryTimes.push(performance.now() - started);
    }
    console.log(`first page: ${first.cases.length} of ${first.total} cases, ${(JSON.stringify(first).length / 1024).toFixed(1)} KiB of JSON; p50 ${percentile(queryTimes, 50).toFixed(0)} ms, p95 ${percentile(queryTimes, 95).toFixed(0)} ms (20 runs)`);

    // The search index, as lib/cases/case-list-client.ts builds it.
    started = performance.now();
    const index = [];
    let bytes = 0;
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const page = await listCasePage(actor, { limit: 200, after });
      bytes += JSON.stringify(page).length;
      for (let i = 0; i < page.cases.length; i += 100) {
        const list = await listCaseSummaries(actor, page.cases.slice(i, i + 100).map((c) => c.id));
        bytes += JSON.stringify(list).length;
        for (const kase of list.cases) {
          const keyring = await openKeyring(kase, list.people, unlocked);
          const profile = await openProfile(kase, kase.profile, keyring);
          keyring.wipe();
          const name = profile.ok ? profile.value.fullName : "";
          const aliases = profile.ok ? profile.value.aliases.map((a) => a.name) : [];
          index.push({ id: kase.id, reference: kase.reference, state: kase.state, myRole: kase.myRole, updatedAt: kase.updatedAt, name, aliases, risk: null, haystack: [kase.reference, name, ...aliases].join("\n").toLocaleLowerCase() });
        }
      }
      if (!page.next) break;
      const [at, id] = [page.next.slice(0, 24), page.next.slice(25)];
      after = { at: new Date(at), id };
    }
    const buildMs = performance.now() - started;
    console.log(`search index: ${index.length} cases in ${(buildMs / 1000).toFixed(1)} s (${(buildMs / index.length).toFixed(2)} ms per case), ${(bytes / 1024 / 1024).toFixed(1)} MiB fetched`);

    const searchTimes: number[] = [];
    let hits = 0;
    for (let i = 0; i < 20; i++) {
      started = performance.now();
      hits = searchCases(index, `человек ${count - 1 - i}`).length;
      searchTimes.push(performance.now() - started);
    }
    console.log(`search over ${index.length} names: p95 ${percentile(searchTimes, 95).toFixed(1)} ms (last query: ${hits} hits)`);
    console.log(`bench cases first_page_p95_ms ${percentile(queryTimes, 95).toFixed(0)}`);
    console.log(`bench cases index_build_ms ${buildMs.toFixed(0)}`);
    console.log(`bench cases index_fetched_kib ${(bytes / 1024).toFixed(0)}`);
    console.log(`bench cases search_p95_ms ${percentile(searchTimes, 95).toFixed(1)}`);
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
