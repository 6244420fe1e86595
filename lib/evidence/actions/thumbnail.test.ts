import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as thumbnailRoute from "@/app/api/cases/[caseId]/evidence/[evidenceId]/thumbnail/route";
import * as thumbnailsRoute from "@/app/api/cases/[caseId]/evidence/thumbnails/route";
import * as finaliseRoute from "@/app/api/cases/[caseId]/evidence/uploads/[evidenceId]/finalise/route";
import * as partRoute from "@/app/api/cases/[caseId]/evidence/uploads/[evidenceId]/parts/[partNumber]/route";
import * as uploadsRoute from "@/app/api/cases/[caseId]/evidence/uploads/route";
import type { Actor } from "@/lib/auth/policy";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { getDb } from "@/lib/db/client";
import { partListBytes } from "@/lib/evidence/part-list";
import { caseEvents, keyOf, reviewCast, reviewTeamCase, seal, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { authorsFor } from "@/lib/testing/record-authors";
import { callRouteAs } from "@/lib/testing/route-request";
import { withTestDatabase } from "@/lib/testing/test-db";
import { openThumbnail, sealThumbnail } from "../thumbnail-client";
import type { ThumbnailList } from "../thumbnail";

// The thumbnail routes below the browser (issue 14): only the uploader
// writes an item's thumbnail, once, for a ready item, sealed for its place;
// every member reads them a batch at a time; the database holds ciphertext.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

withTestDatabase();

const jpeg = new Uint8Array(readFileSync(path.resolve(__dirname, "../../../scripts/fixtures/left-hand-2026-10-14.thumb.jpg")));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const digest = (bytes: Uint8Array) => new Uint8Array(createHash("sha256").update(bytes).digest());

let coordinator: TestUser;
let caseworker: TestUser;
let colleague: TestUser;
let lawyer: TestUser;
let stranger: TestUser;
let kase: TestCase;

beforeAll(async () => {
  const cast = await reviewCast();
  ({ coordinator, caseworker, colleague, lawyer, stranger } = cast);
  kase = await reviewTeamCase(cast);
}, 60_000);

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const base = (caseId: string) => `/api/cases/${caseId}/evidence`;

/** An upload by `who` (one part of random "ciphertext"), finalised unless `finalise` is false. */
async function upload(who: TestUser, finalise = true): Promise<string> {
  const evidenceId = randomUUID();
  const part = new Uint8Array(randomBytes(1000));
  const meta = await seal(kase, { type: "evidence_meta", id: evidenceId, version: 1, value: { name: "photo.jpg" }, author: who });
  const started = await callRouteAs(session, who, uploadsRoute.POST, `${base(kase.caseId)}/uploads`, { caseId: kase.caseId }, json("POST", { evidenceId, size: part.length, partSize: 1024 * 1024, partCount: 1, meta }));
  expect(started.status).toBe(201);
  const stored = await callRouteAs(session, who, partRoute.PUT, `${base(kase.caseId)}/uploads/${evidenceId}/parts/1`, { caseId: kase.caseId, evidenceId, partNumber: "1" }, {
    method: "PUT",
    body: part,
    headers: { "content-type": "application/octet-stream", "x-part-sha256": b64(digest(part)) },
  });
  expect(stored.status).toBe(201);
  if (!finalise) return evidenceId;
  const final = await seal(kase, { type: "evidence_meta", id: evidenceId, version: 2, value: { name: "photo.jpg" }, author: who });
  const body = { sha256: b64(digest(partListBytes([digest(part)]))), signature: b64(randomBytes(64)), signedAt: new Date().toISOString(), meta: final };
  const done = await callRouteAs(session, who, finaliseRoute.POST, `${base(kase.caseId)}/uploads/${evidenceId}/finalise`, { caseId: kase.caseId, evidenceId }, json("POST", body));
  expect(done.status).toBe(200);
  return evidenceId;
}

const thumbnailOf = (evidenceId: string, who: TestUser = caseworker, over: { epoch?: number; id?: string; bytes?: Uint8Array | null } = {}) =>
  sealThumbnail({ caseId: kase.caseId, evidenceId: over.id ?? evidenceId, epoch: over.epoch ?? kase.currentEpoch, caseKey: keyOf(kase), author: who.account, jpeg: over.bytes === undefined ? jpeg : over.bytes });

const put = (who: TestUser, evidenceId: string, record: SealedRecordWire | Record<string, unknown>, caseId = kase.caseId) =>
  callRouteAs(session, who, thumbnailRoute.PUT, `${base(caseId)}/${evidenceId}/thumbnail`, { caseId, evidenceId }, json("PUT", { record }));

const list = (who: TestUser, ids: string[], caseId = kase.caseId) =>
  callRouteAs(session, who, thumbnailsRoute.GET, `${base(caseId)}/thumbnails?ids=${ids.join(",")}`, { caseId });

describe("PUT …/{evidenceId}/thumbnail", () => {
  it("stores the uploader's sealed thumbnail once, with an audit event; a second one is refused", async () => {
    const id = await upload(caseworker);
    expect((await put(caseworker, id, await thumbnailOf(id))).status).toBe(201);
    expect((await caseEvents(kase.caseId, "evidence.thumbnail_added")).map((e) => e.data)).toContainEqual({ evidenceId: id });
    // Write-once: not even the uploader swaps the picture later.
    expect((await put(caseworker, id, await thumbnailOf(id, caseworker, { bytes: null }))).status).toBe(409);
  });

  it("refuses anyone but the uploader (teammates, the reviewer, strangers): not found", async () => {
    const id = await upload(caseworker);
    for (const who of [colleague, lawyer, stranger, coordinator]) expect((await put(who, id, await thumbnailOf(id, who))).status).toBe(404);
    const db = await getDb();
    expect(await db.evidenceThumbnail.findUnique({ where: { evidenceId: id } })).toBeNull();
  });

  it("refuses a record for another item, of another type or version, too large, of an old epoch, or for an unfinished upload", async () => {
    const id = await upload(caseworker);
    const other = await upload(caseworker);
    expect((await put(caseworker, id, await thumbnailOf(id, caseworker, { id: other }))).status).toBe(400);
    const meta = await seal(kase, { type: "evidence_meta", id, version: 1, value: {}, author: caseworker });
    expect((await put(caseworker, id, meta)).status).toBe(400);
    const good = await thumbnailOf(id);
    expect((await put(caseworker, id, { ...good, version: 2 })).status).toBe(400);
    expect((await put(caseworker, id, { ...good, contentSealed: b64(randomBytes(100_000)) })).status).toBeGreaterThanOrEqual(400);
    expect((await put(caseworker, id, { ...good, epoch: kase.currentEpoch + 1 })).status).toBe(409);
    const unfinished = await upload(caseworker, false);
    expect((await put(caseworker, unfinished, await thumbnailOf(unfinished))).status).toBe(409);
    // None of these left a row.
    const db = await getDb();
    expect(await db.evidenceThumbnail.count({ where: { evidenceId: { in: [id, unfinished] } } })).toBe(0);
  });
});

describe("GET …/evidence/thumbnails", () => {
  it("gives every member the thumbnails asked for (those that exist), a read that changes nothing but the log", async () => {
    const withOne = await upload(caseworker);
    const without = await upload(caseworker);
    expect((await put(caseworker, withOne, await thumbnailOf(withOne))).status).toBe(201);
    const response = await list(lawyer, [withOne, without]);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as ThumbnailList;
    expect(body.thumbnails.map((t) => t.evidenceId)).toEqual([withOne]);
    // The lawyer's browser opens it as the uploader's picture of this item.
    const opened = await openThumbnail({ caseId: kase.caseId, evidenceId: withOne, uploaderId: caseworker.actor.userId, thumbnail: body.thumbnails[0]!, caseKey: keyOf(kase), authors: authorsFor(caseworker.account) });
    expect(opened).toEqual(jpeg);
    const reads = await caseEvents(kase.caseId, "case.content_read");
    expect(reads.map((e) => e.data)).toContainEqual({ part: "evidence_thumbnails", asked: 2, count: 1 });
  });

  it("answers 404 to someone off the team, and 400 to a malformed or oversized batch", async () => {
    const id = await upload(caseworker);
    expect((await list(stranger, [id])).status).toBe(404);
    expect((await list(lawyer, ["not-an-id"])).status).toBe(400);
    expect((await list(lawyer, Array.from({ length: 25 }, () => randomUUID()))).status).toBe(400);
  });

  it("attack: a thumbnail the database moved to another item's row does not open as that item's", async () => {
    const a = await upload(caseworker);
    const b = await upload(caseworker);
    expect((await put(caseworker, a, await thumbnailOf(a))).status).toBe(201);
    const db = await getDb();
    const row = await db.evidenceThumbnail.findUniqueOrThrow({ where: { evidenceId: a } });
    await db.evidenceThumbnail.create({ data: { evidenceId: b, epoch: row.epoch, sealed: row.sealed } });
    const body = (await (await list(lawyer, [b])).json()) as ThumbnailList;
    expect(body.thumbnails).toHaveLength(1);
    const opened = await openThumbnail({ caseId: kase.caseId, evidenceId: b, uploaderId: caseworker.actor.userId, thumbnail: body.thumbnails[0]!, caseKey: keyOf(kase), authors: authorsFor(caseworker.account) });
    expect(opened).toBeNull();
  });

  it("the database holds the thumbnail as ciphertext only: no JPEG bytes, raw or base64", async () => {
    const id = await upload(caseworker);
    expect((await put(caseworker, id, await thumbnailOf(id))).status).toBe(201);
    const db = await getDb();
    const rows = await db.$queryRawUnsafe<{ sealed: Uint8Array }[]>(`SELECT sealed FROM "EvidenceThumbnail" WHERE "evidenceId" = $1::uuid`, id);
    const sealed = Buffer.from(rows[0]!.sealed);
    const head = Buffer.from(jpeg.subarray(0, 12));
    for (const form of [head, Buffer.from(head.toString("base64url")), Buffer.from(head.toString("base64")), Buffer.from(head.toString("hex"))]) expect(sealed.includes(form)).toBe(false);
    expect(sealed.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
  });
});
