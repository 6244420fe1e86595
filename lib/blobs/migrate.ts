import "server-only";
import path from "node:path";
import { parseEnv, type Env } from "@/lib/env";
import { partStillRecorded, recordedPartTotals, recordedParts, type RecordedPart } from "./recorded-parts";
import { BlobRejected, type BlobStore, type BlobStoreKind } from "./blob-store";
import { blobStoreFor, evidencePartKey } from "./store";

// `npm run blobs:migrate -- --to fs|s3|postgres` (scripts/blobs-migrate.ts):
// copies every recorded evidence part from the configured blob store
// (BLOB_STORE) to another, so the operator can then switch BLOB_STORE.
//
// - Each part streams from the source's get into the target's put, which
//   checks the size and SHA-256 the EvidencePart row recorded: bytes altered
//   in the source are refused, never copied.
// - Resumable: a part the target already holds at its recorded size is
//   skipped (keys name the part's hash, and every put is verified, so a blob
//   present at the right size is the right blob). Run it again after an
//   interruption and it continues.
// - Nothing is deleted from the source and no row is changed: the operator
//   removes the old blobs once the app works on the new store.
// - Parts recorded while it runs may be missed (the app still writes to the
//   source): run it again with the app stopped before switching.

export const BLOB_STORE_KINDS: readonly BlobStoreKind[] = ["fs", "postgres", "s3"];

/** The migration cannot start as asked (the message says why, and holds no secret). */
export class MigrationRefused extends Error {
  override readonly name = "MigrationRefused";
}

/** The store in words, for the operator: a folder, a bucket and its host, or the database — never a credential. */
export function describeBlobStore(config: Env): string {
  if (config.BLOB_STORE === "fs") return `fs (files under ${path.resolve(config.DATA_DIR, "blobs")})`;
  if (config.BLOB_STORE === "postgres") return "postgres (the database's Blob table)";
  // The host only: a URL's user-info part could hold credentials.
  const host = config.S3_ENDPOINT ? new URL(config.S3_ENDPOINT).host : "AWS S3";
  return `s3 (bucket ${config.S3_BUCKET} at ${host})`;
}

/**
 * The source (the configured BLOB_STORE) and the target (`to`, from the same
 * variables: S3_* for s3, DATA_DIR for fs, the database for postgres).
 * Refuses an unknown kind, the store already in use, and a target whose
 * variables are missing (EnvError names them).
 */
export function migrationStores(
  to: string,
  source: Record<string, string | undefined> = process.env,
): { from: BlobStore; to: BlobStore; fromLabel: string; toLabel: string; close: () => void } {
  if (!(BLOB_STORE_KINDS as readonly string[]).includes(to)) throw new MigrationRefused(`--to must be one of ${BLOB_STORE_KINDS.join(", ")}`);
  const current = parseEnv(source);
  if (current.BLOB_STORE === to) throw new MigrationRefused(`BLOB_STORE is already ${to}: the source and the target would be the same store.`);
  const target = parseEnv({ ...source, BLOB_STORE: to });
  const [a, b] = [blobStoreFor(current), blobStoreFor(target)];
  return {
    from: a.store,
    to: b.store,
    fromLabel: describeBlobStore(current),
    toLabel: describeBlobStore(target),
    close: () => {
      a.close();
      b.close();
    },
  };
}

/** A part that is not in the target and could not be copied. */
export type MigrationProblem = {
  evidenceId: string;
  partNumber: number;
  /**
   * missing: the source has no blob for a recorded part;
   * refused: the source's bytes are not the recorded size or hash (`reason`);
   * target_mismatch: after the copy the target still holds another size under the key.
   */
  problem: "missing" | "refused" | "target_mismatch";
  reason?: BlobRejected["reason"];
};

export type MigrationProgress = {
  /** Parts recorded when the migration started, and their bytes. */
  total: number;
  totalBytes: number;
  /** Parts looked at so far. */
  checked: number;
  copied: number;
  copiedBytes: number;
  /** Already in the target at the recorded size. */
  skipped: number;
  /** Recorded when read, gone (upload removed) by the time its blob was looked for: nothing to copy. */
  gone: number;
  /** Parts not in the target (see MigrationProblem). */
  failed: number;
};

export type MigrationResult = MigrationProgress & {
  /** True only when every recorded part is in the target. */
  complete: boolean;
  /** The first MAX_LISTED problems (onProblem hears of all of them). */
  problems: MigrationProblem[];
};

const MAX_LISTED = 1000;

export async function migrateBlobs({
  from,
  to,
  onProgress,
  onProblem,
  progressEvery = { parts: 100, ms: 5000 },
  evidenceIds,
  pageSize,
}: {
  from: BlobStore;
  to: BlobStore;
  /** Called every `progressEvery.parts` parts or `progressEvery.ms` milliseconds, whichever comes first. */
  onProgress?: (progress: MigrationProgress) => void;
  onProblem?: (problem: MigrationProblem) => void;
  progressEvery?: { parts: number; ms: number };
  /** Only these uploads' parts (tests: other files share a PostgreSQL database). The command copies all. */
  evidenceIds?: string[];
  pageSize?: number;
}): Promise<MigrationResult> {
  if (from === to || from.kind === to.kind) throw new MigrationRefused("the source and the target are the same store");
  const scope = evidenceIds ? { evidenceIds } : {};
  const totals = await recordedPartTotals(scope);
  const progress: MigrationProgress = { total: totals.parts, totalBytes: totals.bytes, checked: 0, copied: 0, copiedBytes: 0, skipped: 0, gone: 0, failed: 0 };
  const problems: MigrationProblem[] = [];
  const report = (part: RecordedPart, problem: MigrationProblem["problem"], reason?: BlobRejected["reason"]) => {
    const entry: MigrationProblem = { evidenceId: part.evidenceId, partNumber: part.partNumber, problem, ...(reason ? { reason } : {}) };
    progress.failed++;
    if (problems.length < MAX_LISTED) problems.push(entry);
    onProblem?.(entry);
  };

  let lastReport = Date.now();
  for await (const part of recordedParts(scope, pageSize)) {
    const key = evidencePartKey(part.evidenceId, part.partNumber, part.sha256);
    if ((await to.size(key)) === part.size) {
      progress.skipped++;
    } else {
      const body = await from.get(key);
      if (!body) {
        if (await partStillRecorded(part)) report(part, "missing");
        else progress.gone++;
      } else {
        let copied = false;
        try {
          await to.put({ key, body, size: part.size, sha256: part.sha256 });
          copied = true;
        } catch (error) {
          // A put that failed before reading its body leaves the source open (a file handle).
          await body.cancel().catch(() => undefined);
          if (!(error instanceof BlobRejected)) throw error;
          report(part, "refused", error.reason);
        }
        if (copied) {
          // A put never leaves a wrong blob, but one that was already there is kept (postgres: ON CONFLICT DO NOTHING).
          if ((await to.size(key)) === part.size) {
            progress.copied++;
            progress.copiedBytes += part.size;
          } else {
            report(part, "target_mismatch");
          }
        }
      }
    }
    progress.checked++;
    if (onProgress && (progress.checked % progressEvery.parts === 0 || Date.now() - lastReport >= progressEvery.ms)) {
      lastReport = Date.now();
      onProgress({ ...progress });
    }
  }
  return { ...progress, complete: progress.failed === 0, problems };
}
