/**
 * `npm run bench:cases [count]`: is the case list usable with 1,000 (or
 * 10,000) cases? Opens COUNT cases for one coordinator (through the real
 * lib/cases code, on a fresh embedded database, or DATABASE_URL), then times
 * the server's first page (GET /api/cases's query, 50 rows), and the search
 * index built by the browser's own buildCaseIndex (every page of 200 refs,
 * the summaries in hundreds, each case's grant, chain and profile checked and
 * opened in Node's libsodium — the WebAssembly the browser runs; its GETs
 * answered by the routes' queries), and a search over it. Prints figures
 * and `bench cases <metric> <value>` lines; no pass/fail.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { IndexedCase } from "@/lib/cases/case-list-client";

const count = Math.max(1, Number.parseInt(process.argv[2] ?? "1000", 10) || 1000);
if (!process.env.DATABASE_URL) process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-bench-"));

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? 0;

async function main() {
  const { getDb, closeDb } = await import("@/lib/db/client");
  const { enrolAccount } = await import("@/lib/crypto/account");
  const { deriveKeys } = await import("@/lib/crypto/kdf");
  const { fromBase64url } = await import("@/lib/crypto/encoding");
  const { createCaseKeys } = await import("@/lib/cases/case-keys");
  const { sealFirstProfile } = await import("@/lib/cases/open-case-client");
  const { openCase } = await import("@/lib/cases/actions/open-case");
  const { listCasePage, listCaseSummaries } = await import("@/lib/cases/queries");
  const { casePageQuerySchema, caseSummariesQuerySchema } = await import("@/lib/cases/schema");
  const { parseWire } = await import("@/lib/http/request");
  const { buildCaseIndex, searchCases } = await import("@/lib/cases/case-list-client");
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
      const sealed = await sealFirstProfile({ caseId, caseKey, profile: value, author: unlocked });
      await openCase(actor, { caseId, epoch, grant, link, ...sealed });
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

    // The search index, built by the browser's own code (lib/cases/case-list-client.ts
    // buildCaseIndex, opening through lib/cases/opened-cases.ts), its two GETs answered
    // here by the queries the routes run, as JSON; the signers as the server names them
    // (no keybook to check them against).
    let bytes = 0;
    const answer = (data: unknown) => {
      const json = JSON.stringify(data);
      bytes += json.length;
      return new Response(json, { headers: { "content-type": "application/json" } });
    };
    globalThis.fetch = async (input) => {
      const url = new URL(String(input), "http://bench.invalid");
      const query = Object.fromEntries(url.searchParams);
      if (url.pathname === "/api/cases") return answer(await listCasePage(actor, parseWire(casePageQuerySchema, query)));
      if (url.pathname === "/api/cases/summaries") return answer(await listCaseSummaries(actor, parseWire(caseSummariesQuerySchema, query).ids));
      return new Response(null, { status: 404 });
    };
    started = performance.now();
    let index: IndexedCase[] = [];
    const built = await buildCaseIndex(unlocked, async (people) => people, (rows) => (index = rows), new AbortController().signal);
    if (!built) throw new Error("the search index could not be built");
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
