import fs from "node:fs";
import path from "node:path";
import type { Env } from "@/lib/env";
import type { Manifest } from "./manifest";

// What the backup and restore commands take from the environment and the
// checkout they run in.

/** A URL without its user-info part: the manifest is read by people who must not learn a store's credentials. */
function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.toString();
}

export function blobStoreOf(e: Env): Manifest["blobStore"] {
  if (e.BLOB_STORE !== "s3") return { kind: e.BLOB_STORE };
  return {
    kind: "s3",
    bucket: e.S3_BUCKET ?? "",
    ...(e.S3_ENDPOINT ? { endpoint: withoutCredentials(e.S3_ENDPOINT) } : {}),
    note: "Evidence file parts are in this S3 bucket, not in this archive: back the bucket up with its own versioning or replication.",
  };
}

export function appVersion(root = process.cwd()): string {
  return (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
}

export function knownMigrations(root = process.cwd()): string[] {
  const dir = path.join(root, "prisma", "migrations");
  return fs.readdirSync(dir).filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")));
}

export function formatBytes(n: number): string {
  return n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}
