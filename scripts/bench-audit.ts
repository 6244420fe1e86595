/**
 * `npm run bench:audit [events]` (default 1,000,000): how long does
 * `npm run audit:verify` take on a large log? Seeds `events` audit events
 * with correctly chained HMACs (multi-row INSERTs; the append-only trigger
 * allows INSERT), writes a signed checkpoint every 1,000 events (as the app
 * does) up to the one 10,000 events before the head, then times the
 * incremental verification (the last 10,000 events, plus every checkpointed
 * event read back by its seq) and the full one (from event #1), through the
 * code the CLI runs: the Prisma path on a fresh embedded database (temporary
 * DATA_DIR), the read-only pg path with DATABASE_URL. Targets: incremental
 * under 1 s, full under 20 s for 1M.
 *
 * Never touches a real log or key: the key and the checkpoints live in a
 * temporary DATA_DIR (AUDIT_KEY is ignored), and on PostgreSQL the events go
 * to a scratch schema (a copy of the AuditEvent table) dropped at the end.
 * Ends with `bench audit <name> <value>` lines.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const total = Math.max(2, Number.parseInt(process.argv[2] ?? "1000000", 10) || 1_000_000);
const tail = Math.min(10_000, Math.floor(total / 2));
const CHECKPOINT_EVERY = 1000;
const INSERT_ROWS = 10_000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-bench-audit-"));
process.env.DATA_DIR = dataDir;
delete process.env.AUDIT_KEY; // a throwaway key in the temporary DATA_DIR, never the real one

/** 1000000 → "1m", 10000 → "10k", 2500 → "2500". */
const label = (x: number) => (x % 1_000_000 === 0 ? `${x / 1_000_000}m` : x % 1000 === 0 ? `${x / 1000}k` : String(x));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Exec = (sql: string, json: string) => Promise<unknown>;

// One parameter per batch (a JSON array): no 65,535-parameter limit, and the
// same statement works through Prisma on PGlite and through pg. `at` is UTC
// wall-clock; a zone in the input of a `timestamp` is ignored by PostgreSQL.
const INSERT = `INSERT INTO "AuditEvent" (seq, at, "actorId", action, "caseId", data, "prevHash", hash)
  SELECT t.s, t.a::timestamp(3), NULL, 'case.content_read', NULL, t.d, decode(t.p, 'hex'), decode(t.h, 'hex')
  FROM jsonb_to_recordset($1::jsonb) AS t(s bigint, a text, d jsonb, p text, h text)`;

async function main() {
  const { auditKeys } = await import("@/lib/audit/key");
  const { GENESIS_HASH, eventHash, toHex } = await import("@/lib/audit/events");
  const { checkpointDir, writeCheckpoint } = await import("@/lib/audit/checkpoints");
  const { describeReport } = await import("@/lib/audit/chain");
  const { verifyAuditChain } = await import("@/lib/audit/queries");
  const { verifyPostgresLog } = await import("@/lib/audit/pg-source");
  const { getDb, closeDb } = await import("@/lib/db/client");
  type Report = Awaited<ReturnType<typeof verifyAuditChain>>;

  const url = process.env.DATABASE_URL;
  const schema = `bench_audit_${randomBytes(6).toString("hex")}`;
  let pgClient: pg.Client | null = null;
  try {
    const db = await getDb(); // creates (embedded) or migrates the database
    let exec: Exec;
    let verify: (mode: "incremental" | "full") => Promise<Report>;
    if (url) {
      await closeDb();
      const scratch = new URL(url);
      scratch.searchParams.set("options", `-c search_path=${schema}`);
      pgClient = new pg.Client({ connectionString: url });
      await pgClient.connect();
      await pgClient.query(`CREATE SCHEMA ${schema}`);
      await pgClient.query(`CREATE TABLE ${schema}."AuditEvent" (LIKE "AuditEvent" INCLUDING ALL)`);
      await pgClient.query(`SET search_path = ${schema}`);
      const client = pgClient;
      exec = (sql, json) => client.query(sql, [json]);
      verify = (mode) => verifyPostgresLog(scratch.toString(), dataDir, mode, { inbox: false });
    } else {
      exec = (sql, json) => db.$executeRawUnsafe(sql, json);
      verify = (mode) => verifyAuditChain(undefined, mode);
    }

    const keys = auditKeys();
    const dir = checkpointDir(dataDir);
    const checkpointAt = total - tail;
    const base = Date.now() - total; // one event a millisecond, ending now
    let prev: Uint8Array = GENESIS_HASH;
    let checkpoints = 0;
    let started = performance.now();
    for (let from = 1; from <= total; from += INSERT_ROWS) {
      const batch = [];
      for (let seq = from; seq < Math.min(from + INSERT_ROWS, total + 1); seq++) {
        const at = new Date(base + seq);
        const data = { n: seq };
        const hash = eventHash(keys.chainKey, prev, { seq: BigInt(seq), at, actorId: null, action: "case.content_read", caseId: null, data });
        batch.push({ s: seq, a: at.toISOString(), d: data, p: toHex(prev), h: toHex(hash) });
        prev = hash;
        if (seq <= checkpointAt && (seq % CHECKPOINT_EVERY === 0 || seq === checkpointAt)) {
          writeCheckpoint(dir, keys, { seq: BigInt(seq), headHash: toHex(hash), at });
          checkpoints++;
        }
      }
      await exec(INSERT, JSON.stringify(batch));
    }
    const seedMs = performance.now() - started;
    const where = url ? `PostgreSQL, scratch schema ${schema}` : "embedded PGlite";
    console.log(`seeded ${total.toLocaleString("en-US")} events and ${checkpoints} signed checkpoints in ${(seedMs / 1000).toFixed(1)} s (${where})`);

    const check = (report: Report, mode: string, count: number) => {
      for (const line of describeReport(report)) console.log(`  ${line}`);
      if (!report.ok || report.mode !== mode || report.count !== count) throw new Error(`verify ${mode} did not report ${count} intact events`);
    };
    const incrementalMs: number[] = [];
    for (let run = 0; run < 3; run++) {
      started = performance.now();
      const report = await verify("incremental");
      incrementalMs.push(performance.now() - started);
      if (run === 0) check(report, "incremental", tail);
    }
    console.log(`incremental (${tail.toLocaleString("en-US")} events after the checkpoint): ${incrementalMs.map((ms) => ms.toFixed(0)).join(", ")} ms`);
    started = performance.now();
    const full = await verify("full");
    const fullMs = performance.now() - started;
    check(full, "full", total);
    console.log(`full (${total.toLocaleString("en-US")} events): ${(fullMs / 1000).toFixed(1)} s`);

    console.log(`bench audit seed_${label(total)}_ms ${seedMs.toFixed(0)}`);
    console.log(`bench audit verify_incremental_${label(tail)}_ms ${median(incrementalMs).toFixed(0)}`);
    console.log(`bench audit verify_${label(total)}_ms ${fullMs.toFixed(0)}`);
  } finally {
    if (pgClient) {
      await pgClient.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await pgClient.end();
    }
    await closeDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
