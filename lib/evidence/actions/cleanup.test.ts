import { createHash, randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { blobStore, evidencePartKey, evidencePrefix } from "@/lib/blobs/store";
import { getDb } from "@/lib/db/client";
import { caseEvents, caseWithCaseworker, expectAuditChainIntact, seal, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { partListBytes } from "../part-list";
import { cleanUpStaleUploads } from "./cleanup";
import { finaliseUpload, startUpload, storePart } from "./upload";

// Stale uploads go; everything else stays. Rows are backdated rather than the
// clock moved forward: under PostgreSQL all test files share one database,
// and a clock 49 hours ahead would sweep the other files' uploads too.

const { kind } = withTestDatabase();

const MIB = 1024 * 1024;
const HOUR = 3_600_000;
const digest = (bytes: Uint8Array) => new Uint8Array(createHash("sha256").update(bytes).digest());
const sha = (bytes: Uint8Array) => Buffer.from(digest(bytes)).toString("base64url");

let caseworker: TestUser;
let kase: TestCase;

beforeAll(async () => {
  ({ kase, caseworker } = await caseWithCaseworker());
}, 60_000);

const bodyOf = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

/** An upload of two parts (1 MiB + 10 bytes) with `stored` of them sent; finalised when `finalise`. */
async function upload(stored: number[], finalise = false): Promise<string> {
  const evidenceId = randomUUID();
  const ciphertext = new Uint8Array(randomBytes(MIB + 10));
  const parts = [ciphertext.subarray(0, MIB), ciphertext.subarray(MIB)];
  const meta = await seal(kase, { type: "evidence_meta", id: evidenceId, version: 1, value: { name: "scan.pdf" } });
  await startUpload(caseworker.actor, kase.caseId, { evidenceId, size: ciphertext.length, partSize: MIB, partCount: 2, meta });
  for (const n of stored) {
    const bytes = parts[n - 1]!;
    await storePart(caseworker.actor, { caseId: kase.caseId, evidenceId, partNumber: String(n), sha256: sha(bytes), contentLength: null, body: bodyOf(bytes) });
  }
  if (finalise) {
    const meta2 = await seal(kase, { type: "evidence_meta", id: evidenceId, version: 2, value: { name: "scan.pdf" } });
    await finaliseUpload(caseworker.actor, kase.caseId, evidenceId, async () => ({
      sha256: sha(partListBytes(parts.map(digest))),
      signature: Buffer.from(randomBytes(64)).toString("base64url"),
      signedAt: new Date().toISOString(),
      meta: meta2,
    }));
  }
  return evidenceId;
}

/** Moves an upload (and, unless told otherwise, its parts) `hours` into the past. */
async function age(evidenceId: string, hours: number, partHours = hours) {
  const db = await getDb();
  await db.evidence.update({ where: { id: evidenceId }, data: { createdAt: new Date(Date.now() - hours * HOUR) } });
  await db.evidencePart.updateMany({ where: { evidenceId }, data: { createdAt: new Date(Date.now() - partHours * HOUR) } });
}

async function remains(evidenceId: string) {
  const db = await getDb();
  const [evidence, parts, blobs, records] = await Promise.all([
    db.evidence.count({ where: { id: evidenceId } }),
    db.evidencePart.count({ where: { evidenceId } }),
    blobStore().list(evidencePrefix(evidenceId)),
    db.caseRecord.count({ where: { id: evidenceId } }),
  ]);
  return { evidence, parts, blobs: blobs.length, records };
}

describe(`cleanUpStaleUploads (${kind})`, () => {
  it("removes uploads untouched for UPLOAD_STALE_HOURS with their parts, blobs and metadata; keeps recent, active and finished ones", async () => {
    const stale = await upload([1]);
    await age(stale, 49);
    // A blob no part names (a write whose row never came) goes with its upload too.
    const orphan = new Uint8Array(randomBytes(10));
    await blobStore().put({ key: evidencePartKey(stale, 2, digest(orphan)), body: bodyOf(orphan), size: orphan.length, sha256: digest(orphan) });
    expect((await remains(stale)).blobs).toBe(2);
    const staleEmpty = await upload([]);
    await age(staleEmpty, 72);
    const recent = await upload([1]);
    await age(recent, 47);
    // Started long ago, but a part arrived an hour ago: still in progress.
    const active = await upload([1, 2]);
    await age(active, 100, 100);
    const db = await getDb();
    await db.evidencePart.update({ where: { evidenceId_partNumber: { evidenceId: active, partNumber: 2 } }, data: { createdAt: new Date(Date.now() - HOUR) } });
    const finished = await upload([1, 2], true);
    await age(finished, 500);

    const { expired } = await cleanUpStaleUploads(new Date(), 48);
    expect(expired).toBeGreaterThanOrEqual(2);

    expect(await remains(stale)).toEqual({ evidence: 0, parts: 0, blobs: 0, records: 0 });
    expect(await remains(staleEmpty)).toEqual({ evidence: 0, parts: 0, blobs: 0, records: 0 });
    expect(await remains(recent)).toEqual({ evidence: 1, parts: 1, blobs: 1, records: 1 });
    expect(await remains(active)).toEqual({ evidence: 1, parts: 2, blobs: 2, records: 1 });
    expect(await remains(finished)).toEqual({ evidence: 1, parts: 2, blobs: 2, records: 2 });

    const events = await caseEvents(kase.caseId, "evidence.upload_expired");
    expect(events.map((e) => e.actorId)).toEqual([null, null]);
    expect(events.map((e) => e.data as { evidenceId: string }).sort((a, b) => a.evidenceId.localeCompare(b.evidenceId))).toEqual(
      [{ evidenceId: stale }, { evidenceId: staleEmpty }].sort((a, b) => a.evidenceId.localeCompare(b.evidenceId)),
    );
    // Nothing left to do: a second run changes nothing here.
    await cleanUpStaleUploads(new Date(), 48);
    expect(await caseEvents(kase.caseId, "evidence.upload_expired")).toHaveLength(2);
    expect(await remains(recent)).toEqual({ evidence: 1, parts: 1, blobs: 1, records: 1 });
    await expectAuditChainIntact();
  });
});
