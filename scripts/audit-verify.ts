// `npm run audit:verify`: walks the audit chain of DATABASE_URL (or the
// embedded database, refused while the app holds it) and reports the first
// broken link. Exit codes: 0 intact, 1 broken, 2 could not check (so a cron
// job can tell "tampered" from "database unavailable").
import { closeDb } from "@/lib/db/client";
import { EmbeddedDatabaseBusyError } from "@/lib/db/embedded-lock";
import { verifyAuditChain } from "@/lib/audit/queries";

async function main() {
  const report = await verifyAuditChain();
  if (report.ok) {
    console.log(`OK: ${report.count} events, head ${report.head ?? "(empty log)"}`);
  } else {
    const { seq, action } = report.brokenAt;
    console.log(`BROKEN at event #${seq} (${action}): ${report.reason}`);
    console.log(`The ${report.count} events before it are intact.`);
    process.exitCode = 1;
  }
}

main()
  .catch((error: unknown) => {
    if (error instanceof EmbeddedDatabaseBusyError) {
      console.error(`Cannot verify while the app is running on the embedded database.\n${error.message}`);
    } else {
      console.error("Cannot verify:", error instanceof Error ? error.message : error);
    }
    process.exitCode = 2;
  })
  .finally(closeDb);
