// `npm run backup -- <file>`: the database and DATA_DIR's files in one
// .tar.gz (mode 0600: it holds the session secret and the audit key).
// Embedded database: refused while the app runs — stop it first.
// Exit codes: 0 written, 1 refused or failed (nothing left behind).
import { createBackup } from "@/lib/backup/actions/backup";
import { appVersion, blobStoreOf, formatBytes } from "@/lib/backup/cli";
import { BackupError } from "@/lib/backup/manifest";
import { env } from "@/lib/env";

// The schema owner dumps and restores (a restricted runtime role may not
// create tables, and the dump must carry the grants): DATABASE_OWNER_URL when set.
const ownerUrl = (e: { DATABASE_URL?: string; DATABASE_OWNER_URL?: string }) => e.DATABASE_OWNER_URL ?? e.DATABASE_URL;

async function main() {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("Usage: npm run backup -- <file.tar.gz>");
    process.exitCode = 1;
    return;
  }
  const e = env();
  const started = performance.now();
  const { file: written, bytes, manifest } = await createBackup({ file, dataDir: e.DATA_DIR, databaseUrl: ownerUrl(e), appVersion: appVersion(), blobStore: blobStoreOf(e) });
  const files = manifest.members.filter((m) => m.type === "file").length;
  console.log(`Backup written: ${written} (${formatBytes(bytes)}, ${files} files, ${manifest.database} database, ${manifest.migrations.length} migrations) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  console.log("It holds the session secret and the audit key: keep it as safe as the server (it was written mode 0600).");
  if (manifest.blobStore.kind === "s3") console.log(`NOTE: ${manifest.blobStore.note}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof BackupError ? `Backup refused: ${error.message}` : `Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
