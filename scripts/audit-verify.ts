// `npm run audit:verify [--full]`: checks the audit log against the audit key
// and the signed checkpoints in DATA_DIR, and names the first event that does
// not match. By default from the newest signed checkpoint on (every checkpoint
// and the event it names are checked too; chain.ts says what that does not
// re-check); --full walks from event #1. Works while the app runs:
// - PostgreSQL (DATABASE_URL): reads the table directly, in one read-only,
//   repeatable-read transaction (a consistent snapshot; nothing is written).
// - Embedded database held by the running app: asks that app (POST
//   /api/audit/verify with the token it wrote to DATA_DIR/audit-verify.json),
//   since a second process must never open the folder.
// - Embedded database not in use: opens it itself, as the app would.
// Exit codes: 0 intact, 1 tampered, 2 could not check (so a cron job can tell
// "tampered" from "unavailable").
import path from "node:path";
import { type AuditVerifyMode, type AuditVerifyReport, describeReport } from "@/lib/audit/chain";
import { auditKeys } from "@/lib/audit/key";
import { readLocalVerifyEndpoint } from "@/lib/audit/local-verify";
import { verifyPostgresLog } from "@/lib/audit/pg-source";
import { verifyAuditChain } from "@/lib/audit/queries";
import { closeDb } from "@/lib/db/client";
import { EmbeddedDatabaseBusyError, embeddedHolder } from "@/lib/db/embedded-lock";
import { env } from "@/lib/env";

async function askRunningApp(dataDir: string, holder: number, mode: AuditVerifyMode): Promise<AuditVerifyReport> {
  const endpoint = readLocalVerifyEndpoint(dataDir);
  if (!endpoint || endpoint.pid !== holder) {
    throw new Error(`The app (process ${holder}) holds the embedded database but has not published ${path.join(dataDir, "audit-verify.json")}; wait for it to finish starting.`);
  }
  const response = await fetch(`http://127.0.0.1:${endpoint.port}/api/audit/verify${mode === "full" ? "?full=1" : ""}`, {
    method: "POST",
    headers: { authorization: `Bearer ${endpoint.token}` },
  });
  if (!response.ok) throw new Error(`The running app answered ${response.status}.`);
  return (await response.json()) as AuditVerifyReport;
}

function parseMode(args: readonly string[]): AuditVerifyMode {
  const unknown = args.filter((arg) => arg !== "--full");
  if (unknown.length) throw new Error(`Unknown argument ${unknown[0]}. Usage: npm run audit:verify [-- --full]`);
  return args.includes("--full") ? "full" : "incremental";
}

async function main() {
  const mode = parseMode(process.argv.slice(2));
  const { DATABASE_URL, DATA_DIR } = env();
  const dataDir = path.resolve(DATA_DIR);
  let report: AuditVerifyReport;
  let via: string;
  if (DATABASE_URL) {
    report = await verifyPostgresLog(DATABASE_URL, dataDir, mode);
    via = "read directly from PostgreSQL (read-only)";
  } else {
    const holder = embeddedHolder(dataDir);
    if (holder !== null && holder !== process.pid) {
      report = await askRunningApp(dataDir, holder, mode);
      via = `verified by the running app (process ${holder})`;
    } else {
      auditKeys({ create: false }); // never make a key here: nothing was chained with it
      report = await verifyAuditChain(undefined, mode);
      via = "embedded database opened by this command";
    }
  }
  for (const line of describeReport(report)) console.log(line);
  console.log(`(${via})`);
  if (!report.ok) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    if (error instanceof EmbeddedDatabaseBusyError) {
      console.error(`Cannot verify: the app started while this command was opening the database. Run it again.\n${error.message}`);
    } else {
      console.error("Cannot verify:", error instanceof Error ? error.message : error);
    }
    process.exitCode = 2;
  })
  .finally(closeDb);
