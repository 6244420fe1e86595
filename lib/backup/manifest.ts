import { z } from "zod";

// manifest.json, the last member of every backup archive: what the archive
// is, what made it, and the SHA-256 of every other member. Restore reads the
// whole archive, and refuses it unless its members are exactly these, with
// these hashes (a truncated, edited or padded archive is never restored).

export const BACKUP_FORMAT = "casevault-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_NAME = "manifest.json";
/** The pg_dump (custom format) of a PostgreSQL deployment. */
export const PG_DUMP_NAME = "database.pgdump";
/** DATA_DIR's files sit under this folder in the archive. */
export const DATA_PREFIX = "data";

const memberSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("file"), path: z.string().min(1), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/), mode: z.number().int() }),
  z.object({ type: z.literal("directory"), path: z.string().min(1) }),
]);

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.iso.datetime(),
  appVersion: z.string(),
  database: z.enum(["embedded", "postgresql"]),
  /** Applied migrations, in order (`_prisma_migrations`). */
  migrations: z.array(z.string()),
  /** Where evidence parts live. "fs": DATA_DIR/blobs, in this archive; "s3": NOT in this archive — the bucket needs its own backup. */
  blobStore: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("fs") }),
    z.object({ kind: z.literal("postgres") }),
    z.object({ kind: z.literal("s3"), bucket: z.string(), endpoint: z.string().optional(), note: z.string() }),
  ]),
  members: z.array(memberSchema),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestMember = Manifest["members"][number];

export class BackupError extends Error {
  override readonly name = "BackupError";
}

/** A member's path as stored: relative, forward slashes, no "." or ".." parts. Anything else is refused. */
export function safeMemberPath(name: string): string {
  const parts = name.split("/");
  if (name.startsWith("/") || name.includes("\\") || name.includes("\0") || parts.some((p) => p === "" || p === "." || p === "..")) {
    throw new BackupError(`Refusing an archive member with an unsafe path: ${JSON.stringify(name)}`);
  }
  return name;
}

/** Compares what the archive held with what its manifest lists; returns the problems (empty: intact). */
export function compareWithManifest(manifest: Manifest, seen: ManifestMember[]): string[] {
  const problems: string[] = [];
  const listed = new Map(manifest.members.map((m) => [m.path, m]));
  const found = new Map(seen.map((m) => [m.path, m]));
  for (const [p, m] of listed) {
    const got = found.get(p);
    if (!got) problems.push(`missing from the archive: ${p}`);
    else if (got.type !== m.type) problems.push(`wrong type: ${p}`);
    else if (got.type === "file" && m.type === "file" && (got.sha256 !== m.sha256 || got.bytes !== m.bytes)) problems.push(`SHA-256 does not match: ${p}`);
  }
  for (const p of found.keys()) if (!listed.has(p)) problems.push(`not listed in the manifest: ${p}`);
  return problems;
}
