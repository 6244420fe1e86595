/**
 * `npm run bench:cases [count]`: is the case list usable with 1,000 cases?
 * Opens COUNT cases for one coordinator (through the real lib/cases code, on
 * a fresh embedded database, or DATABASE_URL), then times the server's list
 * query and the browser-side work per case (verify grant and epoch, open the
 * key, decrypt the profile) in Node's libsodium (the same WebAssembly the
 * browser runs). Prints figures; no pass/fail.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const count = Math.max(1, Number.parseInt(process.argv[2] ?? "1000", 10) || 1000);
if (!process.env.DATABASE_URL) process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-bench-"));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main() {
  const { getDb, closeDb } = await import("@/lib/db/client");
  const { enrolAccount } = await import("@/lib/crypto/account");
  const { deriveKeys } = await import("@/lib/crypto/kdf");
  const { fromBase64url } = await import("@/lib/crypto/encoding");
  const { createCaseKeys } = await import("@/lib/cases/case-keys");
  const { sealRecord } = await import("@/lib/cases/records-client");
  const { openCase } = await import("@/lib/cases/actions/open-case");
  const { listMyCases } = await import("@/lib/cases/queries");
  const { openKeyring, openProfile } = await import("@/lib/cases/open-case-client");
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
    let list = await listMyCases(actor);
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      list = await listMyCases(actor);
      queryTimes.push(performance.now() - started);
    }
    const bytes = JSON.stringify(list).length;
    console.log(`list query: median ${median(queryTimes).toFixed(0)} ms over 5 runs, ${list.cases.length} cases, ${(bytes / 1024).toFixed(0)} KiB of JSON`);

    started = performance.now();
    let opened = 0;
    for (const kase of list.cases) {
      const keyring = await openKeyring(kase, list.people, unlocked);
      if ((await openProfile(kase, kase.profile, keyring)).ok) opened++;
      keyring.wipe();
    }
    const total = performance.now() - started;
    console.log(`verify + decrypt in the client: ${total.toFixed(0)} ms for ${opened}/${list.cases.length} cases (${(total / list.cases.length).toFixed(2)} ms per case)`);
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
