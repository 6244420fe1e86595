import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { EnvError } from "@/lib/env";
import { startUpload, storePart } from "@/lib/evidence/actions/upload";
import { caseWithCaseworker, seal, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { postgresBlobStore } from "./postgres-store";
import { s3BlobStore } from "./s3-store";
import type { BlobStore } from "./blob-store";
import { migrateBlobs, MigrationRefused, migrationStores, type MigrationProgress } from "./migrate";
import { blobStore, evidencePartKey } from "./store";
import { startS3rver } from "./testing/s3rver";
import { collect } from "./verifying-stream";

// Parts are stored the way the app stores them (startUpload/storePart into
// the default fs store under DATA_DIR/blobs), then moved to a real S3 HTTP
// server (s3rver) and to the database. Every run is limited to this file's
// uploads: under PostgreSQL all test files share one database.

const { kind } = withTestDatabase();

const MIB = 1024 * 1024;
const digest = (bytes: Uint8Array) => new Uint8Array(createHash("sha256").update(bytes).digest());
const b64 = (bytes: Uint8Array) => Buffer.from(digest(bytes)).toString("base64url");
const bodyOf = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

let s3: Awaited<ReturnType<typeof startS3rver>>;
let caseworker: TestUser;
let kase: TestCase;

beforeAll(async () => {
  s3 = await startS3rver();
  ({ kase, caseworker } = await caseWithCaseworker());
}, 60_000);
afterAll(async () => {
  await s3?.close();
});

type Upload = { evidenceId: string; parts: Uint8Array[]; keys: string[] };

/** An upload of `partCount` parts (1 MiB each, the last 10 bytes), every part stored in the configured (fs) store. */
/** Every upload this file made: on a shared PostgreSQL database other files' parts are recorded too. */
const madeHere: string[] = [];

async function upload(partCount: number): Promise<Upload> {
  const evidenceId = randomUUID();
  madeHere.push(evidenceId);
  const size = (partCount - 1) * MIB + 10;
  const ciphertext = new Uint8Array(randomBytes(size));
  const parts = Array.from({ length: partCount }, (_, i) => ciphertext.subarray(i * MIB, Math.min((i + 1) * MIB, size)));
  const meta = await seal(kase, { type: "evidence_meta", id: evidenceId, version: 1, value: { name: "scan.pdf" } });
  await startUpload(caseworker.actor, kase.caseId, { evidenceId, size, partSize: MIB, partCount, meta });
  for (const [i, bytes] of parts.entries()) {
    await storePart(caseworker.actor, { caseId: kase.caseId, evidenceId, partNumber: String(i + 1), sha256: b64(bytes), contentLength: null, body: bodyOf(bytes) });
  }
  return { evidenceId, parts, keys: parts.map((bytes, i) => evidencePartKey(evidenceId, i + 1, digest(bytes))) };
}

async function read(store: BlobStore, key: string): Promise<Buffer | null> {
  const stream = await store.get(key);
  return stream ? Buffer.from(await collect(stream, 16 * MIB)) : null;
}

/** The file the fs store keeps `key` in. */
const fileOf = (key: string) => path.join(process.env.DATA_DIR!, "blobs", ...key.split("/"));

const sizeOf = (uploads: Upload[]) => uploads.reduce((sum, u) => sum + u.parts.reduce((s, p) => s + p.length, 0), 0);

const targets: [string, () => BlobStore][] = [
  ["s3 (s3rver over HTTP)", () => s3BlobStore({ client: s3.client, bucket: s3.bucket })],
  [`postgres (${kind})`, () => postgresBlobStore()],
];

describe.each(targets)("migrating evidence parts from fs to %s", (_name, makeTarget) => {
  it("copies every part with identical bytes, reading the rows page by page; a second run copies nothing", async () => {
    const source = blobStore();
    expect(source.kind).toBe("fs");
    const target = makeTarget();
    const uploads = [await upload(3), await upload(1), await upload(2)];
    const evidenceIds = uploads.map((u) => u.evidenceId);
    const progress: MigrationProgress[] = [];

    const result = await migrateBlobs({ from: source, to: target, evidenceIds, pageSize: 2, progressEvery: { parts: 2, ms: 60_000 }, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ total: 6, totalBytes: sizeOf(uploads), checked: 6, copied: 6, copiedBytes: sizeOf(uploads), skipped: 0, gone: 0, failed: 0, complete: true, problems: [] });
    for (const { keys, parts } of uploads) {
      for (const [i, key] of keys.entries()) expect((await read(target, key))?.equals(parts[i]!)).toBe(true);
    }
    // Progress every 2 parts, counting up; the source is untouched.
    expect(progress.map((p) => [p.checked, p.copied])).toEqual([
      [2, 2],
      [4, 4],
      [6, 6],
    ]);
    for (const { keys } of uploads) for (const key of keys) expect(fs.existsSync(fileOf(key))).toBe(true);

    const again = await migrateBlobs({ from: source, to: target, evidenceIds });
    expect(again).toMatchObject({ checked: 6, copied: 0, copiedBytes: 0, skipped: 6, failed: 0, complete: true });
  });

  it("resumes: parts the target already holds are skipped, the rest copied", async () => {
    const source = blobStore();
    const target = makeTarget();
    const { evidenceId, parts, keys } = await upload(3);
    // An earlier run was interrupted after part 2.
    for (const i of [0, 1]) await target.put({ key: keys[i]!, body: bodyOf(parts[i]!), size: parts[i]!.length, sha256: digest(parts[i]!) });

    const result = await migrateBlobs({ from: source, to: target, evidenceIds: [evidenceId] });
    expect(result).toMatchObject({ checked: 3, copied: 1, copiedBytes: 10, skipped: 2, complete: true });
    expect((await read(target, keys[2]!))?.equals(parts[2]!)).toBe(true);
  });

  it("reports a part whose blob is missing in the source, copies the others, and is not complete", async () => {
    const source = blobStore();
    const target = makeTarget();
    const { evidenceId, parts, keys } = await upload(3);
    fs.rmSync(fileOf(keys[1]!));
    const reported: unknown[] = [];

    const result = await migrateBlobs({ from: source, to: target, evidenceIds: [evidenceId], onProblem: (p) => reported.push(p) });
    expect(result).toMatchObject({ checked: 3, copied: 2, failed: 1, complete: false });
    expect(result.problems).toEqual([{ evidenceId, partNumber: 2, problem: "missing" }]);
    expect(reported).toEqual(result.problems);
    expect(await target.size(keys[1]!)).toBeNull();
    expect((await read(target, keys[2]!))?.equals(parts[2]!)).toBe(true);

    // Still not complete on the next run: the part is still nowhere.
    expect(await migrateBlobs({ from: source, to: target, evidenceIds: [evidenceId] })).toMatchObject({ copied: 0, skipped: 2, failed: 1, complete: false });
  });

  it("refuses bytes altered in the source (the verifying put), reports them and copies nothing under their key", async () => {
    const source = blobStore();
    const target = makeTarget();
    const { evidenceId, keys } = await upload(3);
    // Same length, other bytes; and a truncated one.
    fs.writeFileSync(fileOf(keys[0]!), randomBytes(MIB));
    fs.writeFileSync(fileOf(keys[2]!), randomBytes(5));

    const result = await migrateBlobs({ from: source, to: target, evidenceIds: [evidenceId] });
    expect(result).toMatchObject({ checked: 3, copied: 1, copiedBytes: MIB, failed: 2, complete: false });
    expect(result.problems).toEqual([
      { evidenceId, partNumber: 1, problem: "refused", reason: "hash" },
      { evidenceId, partNumber: 3, problem: "refused", reason: "too_short" },
    ]);
    expect(await target.size(keys[0]!)).toBeNull();
    expect(await target.size(keys[2]!)).toBeNull();
    expect(await target.list(`evidence/${evidenceId}/`)).toEqual([keys[1]]);
  });
});

describe("the migration's stores, from the environment", () => {
  it("takes the source from BLOB_STORE and the target from --to with the same variables; prints no credential", async () => {
    const vars = { ...s3.env, BLOB_STORE: "fs", DATA_DIR: process.env.DATA_DIR };
    const stores = migrationStores("s3", vars);
    try {
      expect([stores.from.kind, stores.to.kind]).toEqual(["fs", "s3"]);
      expect(stores.fromLabel).toBe(`fs (files under ${path.resolve(process.env.DATA_DIR!, "blobs")})`);
      expect(stores.toLabel).toBe(`s3 (bucket ${s3.bucket} at ${new URL(s3.env.S3_ENDPOINT!).host})`);
      expect(stores.toLabel).not.toContain(s3.env.S3_SECRET_ACCESS_KEY);
      const { evidenceId, parts, keys } = await upload(1);
      expect(await migrateBlobs({ from: stores.from, to: stores.to, evidenceIds: [evidenceId] })).toMatchObject({ copied: 1, complete: true });
      expect(await s3.keys(`evidence/${evidenceId}/`)).toEqual(keys);
      expect((await read(stores.to, keys[0]!))?.equals(parts[0]!)).toBe(true);
    } finally {
      stores.close();
    }
    // And back from s3 (BLOB_STORE=s3) to postgres.
    const back = migrationStores("postgres", { ...s3.env, DATA_DIR: process.env.DATA_DIR });
    expect([back.from.kind, back.to.kind, back.toLabel]).toEqual(["s3", "postgres", "postgres (the database's Blob table)"]);
    back.close();
  });

  it("refuses the store already in use, an unknown store, and s3 without its variables (naming them)", () => {
    const dataDir = process.env.DATA_DIR;
    expect(() => migrationStores("fs", { DATA_DIR: dataDir })).toThrow(MigrationRefused);
    expect(() => migrationStores("postgres", { DATA_DIR: dataDir, BLOB_STORE: "postgres" })).toThrow("BLOB_STORE is already postgres");
    expect(() => migrationStores("disk", { DATA_DIR: dataDir })).toThrow("--to must be one of fs, postgres, s3");
    let error: unknown;
    try {
      migrationStores("s3", { DATA_DIR: dataDir, S3_BUCKET: "casevault" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    for (const name of ["S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]) expect((error as Error).message).toContain(`${name}: is required when BLOB_STORE=s3`);
  });

  it("refuses to migrate a store onto itself", async () => {
    const store = blobStore();
    await expect(migrateBlobs({ from: store, to: store })).rejects.toThrow(MigrationRefused);
  });
});

describe(`migrating every recorded part (${kind})`, () => {
  it("checks every recorded part when not limited to some uploads", async () => {
    const db = await getDb();
    const recorded = await db.evidencePart.count();
    const result = await migrateBlobs({ from: blobStore(), to: postgresBlobStore(), pageSize: 3 });
    expect(result.total).toBe(recorded);
    expect(result.checked).toBe(recorded);
    // Of this file's uploads, the parts the tests above removed or altered, and nothing else, are not copied
    // (on a shared PostgreSQL database, other files' parts are not in this file's DATA_DIR: missing here).
    const ours = result.problems.filter((p) => madeHere.includes(p.evidenceId));
    expect(ours.map((p) => p.problem).sort()).toEqual(["missing", "refused", "refused", "missing", "refused", "refused"].sort());
  });
});
