// `npm run restore -- <file>`: into an empty DATA_DIR (and, with
// DATABASE_URL, an empty database); the archive is checked against its
// manifest's SHA-256s before anything is put in place.
// Exit codes: 0 restored, 1 refused or failed.
import { restoreBackup } from "@/lib/backup/actions/restore";
import { knownMigrations } from "@/lib/backup/cli";
import { BackupError } from "@/lib/backup/manifest";
import { env } from "@/lib/env";

// The schema owner dumps and restores (a restricted runtime role may not
// create tables, and the dump must carry the grants): DATABASE_OWNER_URL when set.
const ownerUrl = (e: { DATABASE_URL?: string; DATABASE_OWNER_URL?: string }) => e.DATABASE_OWNER_URL ?? e.DATABASE_URL;

async function main() {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("Usage: npm run restore -- <file.tar.gz>");
    process.exitCode = 1;
    return;
  }
  const e = env();
  const started = performance.now();
  const manifest = await restoreBackup({ file, dataDir: e.DATA_DIR, databaseUrl: ownerUrl(e), knownMigrations: knownMigrations() });
  const files = manifest.members.filter((m) => m.type === "file").length;
  console.log(`Restored ${files} files (${manifest.database} database, backup of ${manifest.createdAt}, Casevault ${manifest.appVersion}); every SHA-256 matched. ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (manifest.blobStore.kind === "s3") console.log(`NOTE: ${manifest.blobStore.note}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof BackupError ? `Restore refused: ${error.message}` : `Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
