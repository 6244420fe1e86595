/**
 * `npm run bench:dashboard [cases] [perCase]`: is the deadline dashboard fast
 * with 1,000 cases × 10 deadlines? Opens the cases through the real
 * lib/cases code for one coordinator (fresh embedded database, or
 * DATABASE_URL), inserts the deadlines with really sealed details spread over
 * a year around today (about 9% already past), then times the dashboard
 * query for the list window (today + 30 days, and every open overdue one) and
 * for a month view, and the browser-side opening of the rows shown, in
 * Node's libsodium (the WebAssembly the browser runs). Prints figures; no
 * pass/fail.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const cases = Math.max(1, Number.parseInt(process.argv[2] ?? "1000", 10) || 1000);
const perCase = Math.max(1, Number.parseInt(process.argv[3] ?? "10", 10) || 10);
if (!process.env.DATABASE_URL) process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-bench-"));

const DAY = 86_400_000;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? 0;

async function main() {
  const { getDb, closeDb } = await import("@/lib/db/client");
  const { enrolAccount } = await import("@/lib/crypto/account");
  const { deriveKeys } = await import("@/lib/crypto/kdf");
  const { fromBase64url } = await import("@/lib/crypto/encoding");
  const { createCaseKeys } = await import("@/lib/cases/case-keys");
  const { sealRecord } = await import("@/lib/cases/records-client");
  const { openCase } = await import("@/lib/cases/actions/open-case");
  const { openKeyring, openProfile } = await import("@/lib/cases/open-case-client");
  const { listDashboard } = await import("@/lib/deadlines/queries");
  const { openDetails } = await import("@/lib/deadlines/deadlines-client");
  const { deadlineKinds } = await import("@/lib/deadlines/schema");
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
    const now = Date.now();

    let started = performance.now();
    for (let i = 0; i < cases; i++) {
      const caseId = randomUUID();
      const { caseKey, epoch, grant, link } = await createCaseKeys(caseId, unlocked);
      const value = { fullName: `Person ${i} Человек ${i}`, aliases: [], dateOfBirth: "1980", nationalities: "", languages: "", currentLocation: "", safeContact: "", contacts: [], riskLevel: "high" as const, riskReason: "", vulnerabilities: "", notes: "" };
      const profile = await sealRecord({ caseId, type: "person_profile", id: randomUUID(), version: 1, epoch: 1, caseKey, value, signed: { author: unlocked, prev: null } });
      await openCase(actor, { caseId, epoch, grant, link, profile });
      const records = [];
      const deadlines = [];
      for (let j = 0; j < perCase; j++) {
        const id = randomUUID();
        const dueAt = new Date(now + Math.floor(Math.random() * 365 - 33) * DAY + Math.floor(Math.random() * DAY));
        const details = { title: `Hearing ${i}.${j} Заседание`, court: "District court", venue: "Courtroom 4", courtCaseNumber: `No ${i}/${j}`, timeZone: "Asia/Yerevan", date: "2027-01-01", time: "10:00", notes: "n".repeat(300), outcome: "" };
        const sealed = await sealRecord({ caseId, type: "deadline_details", id, version: 1, epoch: 1, caseKey, value: details, signed: { author: unlocked, prev: null } });
        const contentSealed = b(sealed.contentSealed);
        records.push({ id, version: 1, caseId, type: "deadline_details", epoch: 1, authorId: userId, contentSealed, size: contentSealed.length });
        deadlines.push({ id, caseId, kind: deadlineKinds[j % deadlineKinds.length]!, dueAt, assigneeId: userId, detailsVersion: 1, createdById: userId, status: (j % 5 === 4 ? "done" : "open") as "done" | "open" });
      }
      await db.caseRecord.createMany({ data: records });
      await db.deadline.createMany({ data: deadlines });
    }
    console.log(`opened ${cases} cases with ${cases * perCase} deadlines in ${((performance.now() - started) / 1000).toFixed(1)} s (${process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"})`);

    const today = new Date(now - (now % DAY));
    const windows = {
      "list (today + 30 days, and open overdue)": { from: today, to: new Date(today.getTime() + 31 * DAY), overdue: true },
      "month view (6 weeks)": { from: new Date(today.getTime() + 60 * DAY), to: new Date(today.getTime() + 102 * DAY), overdue: false },
    };
    for (const [name, range] of Object.entries(windows)) {
      const times: number[] = [];
      let board = await listDashboard(actor, range);
      for (let i = 0; i < 20; i++) {
        started = performance.now();
        board = await listDashboard(actor, range);
        times.push(performance.now() - started);
      }
      const kib = JSON.stringify(board).length / 1024;
      console.log(`${name}: ${board.deadlines.length} deadlines in ${board.cases.length} cases, ${kib.toFixed(0)} KiB; query p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms (20 runs)`);

      started = performance.now();
      let opened = 0;
      for (const kase of board.cases) {
        const keyring = await openKeyring(kase, board.people, unlocked);
        await openProfile(kase, kase.profile, keyring);
        for (const d of board.deadlines.filter((x) => x.caseId === kase.id)) if ((await openDetails(kase.id, d.details, keyring)).ok) opened++;
        keyring.wipe();
      }
      console.log(`  verify keys + decrypt in the client: ${(performance.now() - started).toFixed(0)} ms for ${opened}/${board.deadlines.length} rows`);
    }
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
