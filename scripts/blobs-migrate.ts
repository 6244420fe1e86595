// `npm run blobs:migrate -- --to fs|s3|postgres`: copies every evidence part
// from the configured blob store (BLOB_STORE) to the one named, each part's
// size and SHA-256 checked on the way (lib/blobs/migrate.ts). Resumable: run
// it again after an interruption and it continues. Nothing is deleted from
// the old store. Against the embedded database it refuses while the app
// holds it; on PostgreSQL the app may keep running, but run it once more
// with the app stopped before switching (parts uploaded meanwhile went to
// the old store).
// Exit codes: 0 every part is in the target; 1 refused, failed, or parts
// missing or altered in the source (listed).
import { MigrationRefused, migrateBlobs, migrationStores, type MigrationProblem, type MigrationProgress } from "@/lib/blobs/migrate";
import { closeDb } from "@/lib/db/client";
import { EmbeddedDatabaseBusyError } from "@/lib/db/embedded-lock";
import { EnvError } from "@/lib/env";

const USAGE = "Usage: npm run blobs:migrate -- --to fs|s3|postgres";

function targetFromArgs(args: string[]): string {
  const [first, second] = args;
  if (args.length === 2 && first === "--to" && second) return second;
  if (args.length === 1 && first?.startsWith("--to=")) return first.slice("--to=".length);
  throw new MigrationRefused(USAGE);
}

const mib = (bytes: number) => (bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`);

function progressLine(p: MigrationProgress): string {
  return `  ${p.checked}/${p.total} parts checked: ${p.copied} copied (${mib(p.copiedBytes)}), ${p.skipped} already there${p.failed ? `, ${p.failed} NOT copied` : ""}`;
}

const WHY: Record<MigrationProblem["problem"], string> = {
  missing: "no blob in the source",
  refused: "the source's bytes are not the recorded ones",
  target_mismatch: "the target holds other bytes under its key",
};

function problemLine(p: MigrationProblem): string {
  return `  NOT COPIED: evidence ${p.evidenceId} part ${p.partNumber}: ${WHY[p.problem]}${p.reason ? ` (${p.reason})` : ""}`;
}

async function main() {
  const to = targetFromArgs(process.argv.slice(2));
  const stores = migrationStores(to);
  try {
    console.log(`Copying evidence parts from ${stores.fromLabel} to ${stores.toLabel}.`);
    const started = performance.now();
    const result = await migrateBlobs({
      from: stores.from,
      to: stores.to,
      onProgress: (p) => console.log(progressLine(p)),
      onProblem: (p) => console.error(problemLine(p)),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Checked ${result.checked} parts (${mib(result.totalBytes)} recorded) in ${seconds} s: ${result.copied} copied (${mib(result.copiedBytes)}), ` +
        `${result.skipped} already in the target${result.gone ? `, ${result.gone} removed meanwhile` : ""}, ${result.failed} not copied.`,
    );
    if (!result.complete) {
      console.error(
        `NOT COMPLETE: ${result.failed} part(s) listed above are not in the target. Keep BLOB_STORE as it is: ` +
          "restore those blobs in the current store (e.g. from a backup) and run this again.",
      );
      process.exitCode = 1;
      return;
    }
    if (process.env.DATABASE_URL) console.log("If the app ran meanwhile, stop it and run this once more before switching: parts uploaded during the copy went to the old store.");
    console.log(`Set BLOB_STORE=${to} (and restart) to use the new store; the old store's blobs were left in place: remove them once you have checked the app.`);
  } finally {
    stores.close();
  }
}

/** What may be shown of an error: its type and code, and the message only of errors that carry no query or URL. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return [error.name, typeof code === "string" ? code : null, status ? `HTTP ${status}` : null].filter(Boolean).join(", ");
}

main()
  .catch((error: unknown) => {
    if (error instanceof EmbeddedDatabaseBusyError) {
      console.error(`Cannot migrate while the app is running on the embedded database: stop it first.\n${error.message}`);
    } else if (error instanceof MigrationRefused || error instanceof EnvError) {
      console.error(error.message);
    } else {
      console.error(`Migration failed (${describe(error)}). Nothing was deleted; run it again to continue where it stopped.`);
    }
    process.exitCode = 1;
  })
  .finally(closeDb);
