import { createHash, randomBytes, randomUUID } from "node:crypto";
import fsp from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as accessRoute from "@/app/api/cases/[caseId]/evidence/[evidenceId]/access/route";
import * as custodyRoute from "@/app/api/cases/[caseId]/evidence/[evidenceId]/custody/route";
import * as contentRoute from "@/app/api/cases/[caseId]/evidence/[evidenceId]/content/route";
import * as finaliseRoute from "@/app/api/cases/[caseId]/evidence/uploads/[evidenceId]/finalise/route";
import * as partRoute from "@/app/api/cases/[caseId]/evidence/uploads/[evidenceId]/parts/[partNumber]/route";
import * as uploadRoute from "@/app/api/cases/[caseId]/evidence/uploads/[evidenceId]/route";
import * as uploadsRoute from "@/app/api/cases/[caseId]/evidence/uploads/route";
import * as evidenceRoute from "@/app/api/cases/[caseId]/evidence/route";
import { reviewEvidenceAction } from "@/app/_actions/evidence";
import type { Actor } from "@/lib/auth/policy";
import { blobStore, evidencePartKey, evidencePrefix } from "@/lib/blobs/store";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { openEvidenceContent } from "@/lib/evidence/queries";
import { partListBytes } from "@/lib/evidence/part-list";
import type { CustodyEvent, EvidenceList, MyUpload } from "@/lib/evidence/wire";
import {
  caseEvents,
  expectAuditChainIntact,
  reviewCast,
  reviewTeamCase,
  seal,
  type TestCase,
  type TestUser,
} from "@/lib/testing/case-fixtures";
import { makeTestTsa } from "@/lib/bundles/testing/test-tsa";
import { callRouteAs, type RouteHandler } from "@/lib/testing/route-request";
import { withTestDatabase } from "@/lib/testing/test-db";

// The evidence routes and actions end to end, below the browser: each call
// goes through the real route handler (or server action) with the session
// replaced by a chosen actor, random bytes standing in for the ciphertext
// (the server never decrypts).

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const { kind } = withTestDatabase();

const MIB = 1024 * 1024;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const digest = (bytes: Uint8Array) => new Uint8Array(createHash("sha256").update(bytes).digest());
const sha = (bytes: Uint8Array) => b64(digest(bytes));
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** The same bytes in a second spelling (a trailing bit that carries no data set): Node's decoder took it, the one codec refuses it. */
const respelt = (text: string) => text.slice(0, -1) + BASE64URL.charAt(BASE64URL.indexOf(text.slice(-1)) ^ 1);

let orgId: string;
let coordinator: TestUser;
let caseworker: TestUser;
let colleague: TestUser;
let lawyer: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  ({ orgId, coordinator, caseworker, colleague, lawyer, stranger } = await reviewCast());
}, 60_000);

/** A case the caseworker and a colleague write to and a lawyer reviews; the stranger is on none. */
const teamCase = () => reviewTeamCase({ orgId, coordinator, caseworker, colleague, lawyer, stranger });

// ---- calling the handlers as someone ----

const call = <P>(who: TestUser | null, handler: RouteHandler<P>, params: P, path: string, init?: RequestInit) => callRouteAs(session, who, handler, path, params, init);

async function answer(response: Response) {
  const type = response.headers.get("content-type") ?? "";
  const body: unknown = type.includes("json") ? await response.json() : await response.text();
  return { status: response.status, cache: response.headers.get("cache-control"), body };
}

const base = (caseId: string) => `/api/cases/${caseId}/evidence`;

const api = {
  start: (who: TestUser, caseId: string, body: unknown) =>
    call(who, uploadsRoute.POST, { caseId }, `${base(caseId)}/uploads`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  status: (who: TestUser, caseId: string, evidenceId: string) => call(who, uploadRoute.GET, { caseId, evidenceId }, `${base(caseId)}/uploads/${evidenceId}`),
  cancel: (who: TestUser, caseId: string, evidenceId: string) =>
    call(who, uploadRoute.DELETE, { caseId, evidenceId }, `${base(caseId)}/uploads/${evidenceId}`, { method: "DELETE" }),
  part: (who: TestUser, caseId: string, evidenceId: string, partNumber: string | number, bytes: Uint8Array<ArrayBuffer>, hash: string | null = sha(bytes)) =>
    call(who, partRoute.PUT, { caseId, evidenceId, partNumber: String(partNumber) }, `${base(caseId)}/uploads/${evidenceId}/parts/${partNumber}`, {
      method: "PUT",
      body: bytes,
      headers: { "content-type": "application/octet-stream", ...(hash === null ? {} : { "x-part-sha256": hash }) },
    }),
  finalise: (who: TestUser, caseId: string, evidenceId: string, body: unknown) =>
    call(who, finaliseRoute.POST, { caseId, evidenceId }, `${base(caseId)}/uploads/${evidenceId}/finalise`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }),
  content: (who: TestUser, caseId: string, evidenceId: string, query = "") => call(who, contentRoute.GET, { caseId, evidenceId }, `${base(caseId)}/${evidenceId}/content${query}`),
  access: (who: TestUser, caseId: string, evidenceId: string, purpose: string) =>
    call(who, accessRoute.POST, { caseId, evidenceId }, `${base(caseId)}/${evidenceId}/access`, {
      method: "POST",
      body: JSON.stringify({ purpose }),
      headers: { "content-type": "application/json" },
    }),
};

/** A read route's answer in the shape the views get it (lib/http/get-json.ts `getResult`). */
async function readAs<T, P>(who: TestUser, handler: RouteHandler<P>, params: P, path: string): Promise<{ ok: true; data: T } | { ok: false; error: string }> {
  const response = await call(who, handler, params, path);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body: unknown = await response.json();
  return response.ok ? { ok: true, data: body as T } : { ok: false, ...(body as { error: string }) };
}

/** The evidence tab's reads (GET): the list, the caller's unfinished uploads, an item's custody. */
const reads = {
  list: (who: TestUser, caseId: string) => readAs<EvidenceList, { caseId: string }>(who, evidenceRoute.GET, { caseId }, base(caseId)),
  mine: (who: TestUser, caseId: string) => readAs<MyUpload[], { caseId: string }>(who, uploadsRoute.GET, { caseId }, `${base(caseId)}/uploads`),
  custody: (who: TestUser, caseId: string, evidenceId: string) =>
    readAs<CustodyEvent[], { caseId: string; evidenceId: string }>(who, custodyRoute.GET, { caseId, evidenceId }, `${base(caseId)}/${evidenceId}/custody`),
};

/** An actor for a server action call. */
function as<T>(who: TestUser, run: () => Promise<T>): Promise<T> {
  session.actor = who.actor;
  return run();
}

// ---- an upload as the browser would make it ----

type Upload = { kase: TestCase; evidenceId: string; ciphertext: Uint8Array<ArrayBuffer>; partSize: number; parts: Uint8Array<ArrayBuffer>[] };

function newUpload(kase: TestCase, size = 2 * MIB + 12_345, partSize = MIB): Upload {
  const ciphertext = new Uint8Array(randomBytes(size));
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let offset = 0; offset < size; offset += partSize) parts.push(ciphertext.subarray(offset, Math.min(size, offset + partSize)));
  return { kase, evidenceId: randomUUID(), ciphertext, partSize, parts };
}

async function startBody(u: Upload, over: Record<string, unknown> = {}) {
  const meta = await seal(u.kase, { type: "evidence_meta", id: u.evidenceId, version: 1, value: { name: "photo.jpg" } });
  return { evidenceId: u.evidenceId, size: u.ciphertext.length, partSize: u.partSize, partCount: u.parts.length, meta, ...over };
}

/** What the browser sends at finalise: the SHA-256 of the parts' digests in order (part-list.ts), not of the whole ciphertext. */
const wholeHash = (parts: Uint8Array[]) => sha(partListBytes(parts.map(digest)));

async function finaliseBody(u: Upload, over: Record<string, unknown> = {}) {
  const meta = await seal(u.kase, { type: "evidence_meta", id: u.evidenceId, version: 2, value: { name: "photo.jpg", final: true } });
  return { sha256: wholeHash(u.parts), signature: b64(randomBytes(64)), signedAt: new Date().toISOString(), meta, ...over };
}

async function started(u: Upload, who: TestUser = caseworker): Promise<Upload> {
  expect(await answer(await api.start(who, u.kase.caseId, await startBody(u)))).toMatchObject({ status: 201, body: { evidenceId: u.evidenceId } });
  return u;
}

async function sendParts(u: Upload, numbers: number[], who: TestUser = caseworker) {
  for (const n of numbers) expect((await api.part(who, u.kase.caseId, u.evidenceId, n, u.parts[n - 1]!)).status).toBe(201);
}

async function readyUpload(kase: TestCase, who: TestUser = caseworker): Promise<Upload> {
  const u = await started(newUpload(kase), who);
  await sendParts(u, [1, 2, 3], who);
  expect(await answer(await api.finalise(who, kase.caseId, u.evidenceId, await finaliseBody(u)))).toMatchObject({ status: 200, body: { evidenceId: u.evidenceId } });
  return u;
}

/** What the database and the blob store hold for an upload: its row, its part rows, its blob keys and its metadata records. */
async function stored(evidenceId: string) {
  const db = await getDb();
  const [evidence, parts, blobs, records] = await Promise.all([
    db.evidence.findUnique({ where: { id: evidenceId }, select: { state: true } }),
    db.evidencePart.findMany({ where: { evidenceId }, orderBy: { partNumber: "asc" }, select: { partNumber: true } }),
    blobStore().list(evidencePrefix(evidenceId)),
    db.caseRecord.findMany({ where: { id: evidenceId }, orderBy: { version: "asc" }, select: { version: true } }),
  ]);
  return { state: evidence?.state ?? null, parts: parts.map((p) => p.partNumber), blobs, metaVersions: records.map((r) => r.version) };
}

/** The blob key of part `n` (1-based) of `u` as the browser cut it. */
const partKey = (u: Upload, n: number) => evidencePartKey(u.evidenceId, n, digest(u.parts[n - 1]!));

/** The keys of the given parts of `u`, in the order the store lists them. */
const partKeys = (u: Upload, numbers: number[]) => numbers.map((n) => partKey(u, n)).sort();

const streamOf = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

/** Reads a stream to its end: the bytes that arrived, and the error that ended it (if any). */
async function drain(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; error: unknown }> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(chunks), error: null };
      chunks.push(value);
    }
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

/** A stored blob's bytes, or null when there is none. */
async function blobBytes(key: string): Promise<Buffer | null> {
  const stream = await blobStore().get(key);
  if (!stream) return null;
  const { bytes, error } = await drain(stream);
  if (error) throw error;
  return bytes;
}

/**
 * Damages a stored blob behind the store's back (the store itself never
 * writes bytes that do not match the hash in their key): overwrites its file
 * (fs) or its row (postgres) with `data`.
 */
async function overwriteBlob(key: string, data: Uint8Array) {
  const store = blobStore();
  expect(await store.size(key), `a blob under ${key}`).not.toBeNull();
  if (store.kind === "fs") {
    await fsp.writeFile(path.join(path.resolve(env().DATA_DIR, "blobs"), ...key.split("/")), data);
  } else if (store.kind === "postgres") {
    const db = await getDb();
    expect(await db.$executeRaw`UPDATE "Blob" SET data = ${data} WHERE key = ${key}`).toBe(1);
  } else {
    throw new Error(`cannot damage a blob in the ${store.kind} store from a test`);
  }
  expect(await store.size(key)).toBe(data.length);
}

describe(`evidence uploads and downloads (${kind})`, () => {
  it("uploads 3 parts, resumes from the stored ones, finalises, and streams back exactly the ciphertext", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    expect(await stored(u.evidenceId)).toEqual({ state: "uploading", parts: [], blobs: [], metaVersions: [1] });

    // Parts 1 and 3 arrive; a reload asks what the server has.
    await sendParts(u, [3, 1]);
    const status = await answer(await api.status(caseworker, kase.caseId, u.evidenceId));
    expect(status).toMatchObject({ status: 200, cache: "no-store" });
    expect(status.body).toEqual({
      state: "uploading",
      size: u.ciphertext.length,
      partSize: MIB,
      partCount: 3,
      parts: [
        { partNumber: 1, size: MIB, sha256: sha(u.parts[0]!) },
        { partNumber: 3, size: 12_345, sha256: sha(u.parts[2]!) },
      ],
    });
    // Not evidence yet: the list shows nothing; the uploader's own uploads show it.
    expect(await reads.list(lawyer, kase.caseId)).toMatchObject({ ok: true, data: { evidence: [], meta: [] } });
    const mine = await reads.mine(caseworker, kase.caseId);
    expect(mine.ok && mine.data).toEqual([
      expect.objectContaining({ id: u.evidenceId, size: u.ciphertext.length, partCount: 3, storedParts: 2, storedBytes: MIB + 12_345, meta: expect.objectContaining({ version: 1, type: "evidence_meta" }) }),
    ]);
    expect(await reads.mine(colleague, kase.caseId)).toEqual({ ok: true, data: [] });
    // Nobody downloads an unfinished upload, not even its uploader.
    expect((await api.content(caseworker, kase.caseId, u.evidenceId)).status).toBe(404);

    // A retried part (same bytes) is fine and changes nothing.
    expect(await answer(await api.part(caseworker, kase.caseId, u.evidenceId, 1, u.parts[0]!))).toMatchObject({
      status: 200,
      body: { partNumber: 1, size: MIB, sha256: sha(u.parts[0]!) },
    });
    expect(await stored(u.evidenceId)).toEqual({ state: "uploading", parts: [1, 3], blobs: partKeys(u, [1, 3]), metaVersions: [1] });
    await sendParts(u, [2]);
    expect(await answer(await api.finalise(caseworker, kase.caseId, u.evidenceId, await finaliseBody(u)))).toEqual({
      status: 200,
      cache: "no-store",
      body: { evidenceId: u.evidenceId },
    });
    expect(await stored(u.evidenceId)).toEqual({
      state: "ready",
      parts: [1, 2, 3],
      blobs: partKeys(u, [1, 2, 3]),
      metaVersions: [1, 2],
    });

    // Any member streams it back, byte for byte.
    for (const who of [lawyer, coordinator]) {
      // The old ?purpose=download link as a cross-site navigation would send it: still a plain read.
      const response = await api.content(who, kase.caseId, u.evidenceId, "?purpose=download");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/octet-stream");
      expect(response.headers.get("content-length")).toBe(String(u.ciphertext.length));
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(u.ciphertext))).toBe(true);
    }

    const list = await reads.list(lawyer, kase.caseId);
    expect(list.ok && list.data.evidence).toEqual([
      expect.objectContaining({ id: u.evidenceId, uploaderId: caseworker.actor.userId, size: u.ciphertext.length, partCount: 3, sha256: wholeHash(u.parts), reviewStatus: "unreviewed" }),
    ]);
    expect(list.ok && list.data.meta.map((m) => [m.id, m.version])).toEqual([[u.evidenceId, 2]]);
    expect(await reads.mine(caseworker, kase.caseId)).toEqual({ ok: true, data: [] });

    // A GET writes nothing into the chain of custody; the browser's POST …/access does, after it checked the file.
    const evidenceEvents = async () => (await caseEvents(kase.caseId)).filter((e) => e.action.startsWith("evidence."));
    const uploadEvents = [
      ["evidence.upload_started", caseworker.actor.userId, { evidenceId: u.evidenceId, size: u.ciphertext.length, parts: 3 }],
      ["evidence.uploaded", caseworker.actor.userId, { evidenceId: u.evidenceId, size: u.ciphertext.length, parts: 3 }],
    ];
    expect((await evidenceEvents()).map((e) => [e.action, e.actorId, e.data])).toEqual(uploadEvents);
    expect(await answer(await api.access(lawyer, kase.caseId, u.evidenceId, "download"))).toMatchObject({ status: 204, cache: "no-store" });
    expect((await api.access(coordinator, kase.caseId, u.evidenceId, "preview")).status).toBe(204);
    const events = await evidenceEvents();
    expect(events.map((e) => [e.action, e.actorId, e.data])).toEqual([
      ...uploadEvents,
      ["evidence.downloaded", lawyer.actor.userId, { evidenceId: u.evidenceId }],
      ["evidence.viewed", coordinator.actor.userId, { evidenceId: u.evidenceId }],
    ]);
    await expectAuditChainIntact();
  });

  it("an upload exactly at the maximum starts; one byte more is refused as too large, and nothing is stored", async () => {
    const kase = await teamCase();
    const max = 2 * 1024 ** 3; // EVIDENCE_MAX_BYTES's default
    const u = newUpload(kase, 10, MIB);
    const plan = (size: number) => startBody(u, { size, partSize: 8 * MIB, partCount: Math.ceil(size / (8 * MIB)) });
    expect(await answer(await api.start(caseworker, kase.caseId, await plan(max + 1)))).toEqual({
      status: 413,
      cache: "no-store",
      body: { error: "too_large", reason: "evidence.tooLarge" },
    });
    expect(await stored(u.evidenceId)).toEqual({ state: null, parts: [], blobs: [], metaVersions: [] });
    expect((await api.start(caseworker, kase.caseId, await plan(max))).status).toBe(201);
  });

  it("refuses a bad plan, a taken id and stale metadata with a clear 4xx and stores nothing", async () => {
    const kase = await teamCase();
    const u = newUpload(kase);
    const refusals = [
      [await startBody(u, { partCount: 2 }), 400, "evidence.partCount"],
      [await startBody(u, { partSize: 512 * 1024, partCount: 5 }), 400, "evidence.partSize"],
      [{ ...(await startBody(u)), meta: await seal(kase, { type: "review_note", id: u.evidenceId, version: 1, value: {} }) }, 400, "evidence.meta"],
      [{ ...(await startBody(u)), meta: { ...(await startBody(u)).meta, epoch: 2 } }, 409, "epoch.stale"],
    ] as const;
    for (const [body, status, reason] of refusals) {
      expect(await answer(await api.start(caseworker, kase.caseId, body))).toMatchObject({ status, body: { reason } });
    }
    const malformed = await call(caseworker, uploadsRoute.POST, { caseId: kase.caseId }, `${base(kase.caseId)}/uploads`, { method: "POST", body: "{oops" });
    expect(await answer(malformed)).toMatchObject({ status: 400, body: { error: "invalid_input", reason: "request.json" } });
    expect(await stored(u.evidenceId)).toEqual({ state: null, parts: [], blobs: [], metaVersions: [] });

    await started(u);
    expect(await answer(await api.start(colleague, kase.caseId, await startBody(u)))).toMatchObject({ status: 409, body: { reason: "evidence.idTaken" } });
    // The id of a record of another kind is taken too.
    const other = newUpload(kase);
    other.evidenceId = kase.profileId;
    expect(await answer(await api.start(caseworker, kase.caseId, await startBody(other)))).toMatchObject({ status: 409 });
  });

  it("refuses oversize, undersize, misnumbered and mis-hashed parts, and keeps no trace of them", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    const { caseId } = kase;
    const id = u.evidenceId;
    const cases: [string, Promise<Response>, number, string][] = [
      ["one byte over the part size", api.part(caseworker, caseId, id, 1, new Uint8Array(randomBytes(MIB + 1))), 413, "evidence.partSize"],
      ["a full-size last part", api.part(caseworker, caseId, id, 3, new Uint8Array(randomBytes(MIB))), 413, "evidence.partSize"],
      ["one byte short", api.part(caseworker, caseId, id, 2, u.parts[1]!.subarray(1)), 400, "evidence.partSize"],
      ["an empty body", api.part(caseworker, caseId, id, 1, new Uint8Array(0)), 400, "evidence.partSize"],
      ["part 0", api.part(caseworker, caseId, id, 0, u.parts[0]!), 400, "evidence.partNumber"],
      ["part 4 of 3", api.part(caseworker, caseId, id, 4, u.parts[0]!), 400, "evidence.partNumber"],
      ["part -1", api.part(caseworker, caseId, id, "-1", u.parts[0]!), 400, "evidence.partNumber"],
      ["part 1.0", api.part(caseworker, caseId, id, "1.0", u.parts[0]!), 400, "evidence.partNumber"],
      ["part ../1", api.part(caseworker, caseId, id, "..%2F1", u.parts[0]!), 400, "evidence.partNumber"],
      ["a hash of other bytes", api.part(caseworker, caseId, id, 1, u.parts[0]!, sha(u.parts[1]!)), 400, "evidence.partHash"],
      ["no hash header", api.part(caseworker, caseId, id, 1, u.parts[0]!, null), 400, "evidence.partHash"],
      ["a malformed hash", api.part(caseworker, caseId, id, 1, u.parts[0]!, "abc"), 400, "evidence.partHash"],
      ["the right hash, respelt", api.part(caseworker, caseId, id, 1, u.parts[0]!, respelt(sha(u.parts[0]!))), 400, "evidence.partHash"],
      ["the right hash, padded", api.part(caseworker, caseId, id, 1, u.parts[0]!, `${sha(u.parts[0]!)}=`), 400, "evidence.partHash"],
    ];
    for (const [what, response, status, reason] of cases) {
      expect(await answer(await response), what).toMatchObject({ status, cache: "no-store", body: { reason } });
    }
    expect(await stored(id)).toEqual({ state: "uploading", parts: [], blobs: [], metaVersions: [1] });
    // Path-like ids name nothing (blob keys are made from the stored id and a checked number only).
    for (const bad of ["../../etc/passwd", `${id}/../x`, id.toUpperCase()]) {
      expect((await api.part(caseworker, caseId, bad, 1, u.parts[0]!)).status).toBe(404);
      expect((await api.status(caseworker, caseId, bad)).status).toBe(404);
    }

    // A refused write leaves nothing half-written behind either.
    expect(await blobStore().sweepIncomplete(new Date(Date.now() + 60_000))).toBe(0);
  });

  it("a part whose body does not hash to its x-part-sha256 leaves no blob, under its claimed hash or any other, and no row", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    const { caseId } = kase;
    const id = u.evidenceId;
    // Right size, wrong bytes for the hash it announces: refused only once the whole body was read.
    const forged = new Uint8Array(randomBytes(MIB));
    expect(await answer(await api.part(caseworker, caseId, id, 2, forged, sha(u.parts[1]!)))).toMatchObject({ status: 400, body: { reason: "evidence.partHash" } });
    expect(await stored(id)).toEqual({ state: "uploading", parts: [], blobs: [], metaVersions: [1] });
    expect(await blobStore().size(partKey(u, 2))).toBeNull();
    expect(await blobStore().size(evidencePartKey(id, 2, digest(forged)))).toBeNull();

    // Next to a stored part: still only the stored part's blob.
    await sendParts(u, [1]);
    expect((await api.part(caseworker, caseId, id, 2, forged, sha(u.parts[1]!))).status).toBe(400);
    expect(await stored(id)).toEqual({ state: "uploading", parts: [1], blobs: [partKey(u, 1)], metaVersions: [1] });
    expect(await blobStore().sweepIncomplete(new Date(Date.now() + 60_000))).toBe(0);
    // The real part 2 is then taken as usual.
    await sendParts(u, [2]);
    expect(await stored(id)).toMatchObject({ parts: [1, 2], blobs: partKeys(u, [1, 2]) });
  });

  it("a late part with different bytes for a part already recorded is a conflict; the recorded blob stays as it was", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    const { caseId } = kase;
    const id = u.evidenceId;
    await sendParts(u, [1, 3]);
    const other = new Uint8Array(randomBytes(MIB));
    expect(await answer(await api.part(caseworker, caseId, id, 1, other))).toEqual({
      status: 409,
      cache: "no-store",
      body: { error: "conflict", reason: "evidence.partConflict" },
    });
    // Also when it claims the recorded hash but carries other bytes (not read: a retry of a recorded part is answered from its row).
    expect(await answer(await api.part(caseworker, caseId, id, 3, new Uint8Array(randomBytes(12_345)), sha(u.parts[2]!)))).toMatchObject({
      status: 200,
      body: { partNumber: 3, size: 12_345, sha256: sha(u.parts[2]!) },
    });
    expect(await stored(id)).toEqual({ state: "uploading", parts: [1, 3], blobs: partKeys(u, [1, 3]), metaVersions: [1] });
    expect((await blobBytes(partKey(u, 1)))?.equals(u.parts[0]!)).toBe(true);
    expect((await blobBytes(partKey(u, 3)))?.equals(u.parts[2]!)).toBe(true);
    expect(await blobStore().size(evidencePartKey(id, 1, digest(other)))).toBeNull();
    expect(await answer(await api.status(caseworker, caseId, id))).toMatchObject({
      body: { parts: [{ partNumber: 1, sha256: sha(u.parts[0]!) }, { partNumber: 3, sha256: sha(u.parts[2]!) }] },
    });

    // The upload finishes with the recorded bytes and streams them back.
    await sendParts(u, [2]);
    expect((await api.finalise(caseworker, caseId, id, await finaliseBody(u))).status).toBe(200);
    const response = await api.content(lawyer, caseId, id);
    expect(Buffer.from(await response.arrayBuffer()).equals(u.ciphertext)).toBe(true);
  });

  it("two PUTs of one part with different bytes at once: one is recorded, the other is a conflict, and its bytes are gone after finalise", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    const { caseId } = kase;
    const id = u.evidenceId;
    const other = new Uint8Array(randomBytes(MIB));
    const [a, b] = await Promise.all([api.part(caseworker, caseId, id, 1, u.parts[0]!), api.part(caseworker, caseId, id, 1, other)]);
    expect([a.status, b.status].sort((x, y) => x - y)).toEqual([201, 409]);
    expect(await answer(a.status === 409 ? a : b)).toMatchObject({ body: { reason: "evidence.partConflict" } });
    const winner = a.status === 201 ? u.parts[0]! : other;
    const recorded = evidencePartKey(id, 1, digest(winner));
    expect((await blobBytes(recorded))?.equals(winner)).toBe(true);

    await sendParts(u, [2, 3]);
    const parts = [winner, u.parts[1]!, u.parts[2]!];
    expect((await api.finalise(caseworker, caseId, id, await finaliseBody(u, { sha256: wholeHash(parts) }))).status).toBe(200);
    expect((await stored(id)).blobs).toEqual([recorded, partKey(u, 2), partKey(u, 3)].sort());
    const response = await api.content(lawyer, caseId, id);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.concat(parts))).toBe(true);
  });

  it("refuses to finalise with a missing part or a wrong whole hash, and twice; the upload stays as it was", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    await sendParts(u, [1, 3]);
    expect(await answer(await api.finalise(caseworker, kase.caseId, u.evidenceId, await finaliseBody(u)))).toEqual({
      status: 409,
      cache: "no-store",
      body: { error: "conflict", reason: "evidence.partsMissing" },
    });
    await sendParts(u, [2]);
    const wrong = await finaliseBody(u, { sha256: sha(randomBytes(10)) });
    expect(await answer(await api.finalise(caseworker, kase.caseId, u.evidenceId, wrong))).toMatchObject({ status: 409, body: { reason: "evidence.hashMismatch" } });
    const badBodies = [
      [{ ...(await finaliseBody(u)), signature: "short" }, 400],
      [{ ...(await finaliseBody(u)), signature: respelt(b64(randomBytes(64))) }, 400],
      [{ ...(await finaliseBody(u)), sha256: respelt(wholeHash(u.parts)) }, 400],
      [{ ...(await finaliseBody(u)), sha256: wholeHash(u.parts).replace(/.$/, "+") }, 400],
      [{ ...(await finaliseBody(u)), meta: await seal(kase, { type: "evidence_meta", id: u.evidenceId, version: 1, value: {} }) }, 400],
      [{ ...(await finaliseBody(u)), meta: await seal(kase, { type: "evidence_meta", id: randomUUID(), version: 2, value: {} }) }, 400],
      [{ ...(await finaliseBody(u)), signedAt: new Date(Date.now() + 3_600_000).toISOString() }, 400],
    ] as const;
    for (const [body, status] of badBodies) expect((await api.finalise(caseworker, kase.caseId, u.evidenceId, body)).status).toBe(status);
    expect(await stored(u.evidenceId)).toEqual({ state: "uploading", parts: [1, 2, 3], blobs: partKeys(u, [1, 2, 3]), metaVersions: [1] });
    expect((await caseEvents(kase.caseId, "evidence.uploaded")).length).toBe(0);

    expect((await api.finalise(caseworker, kase.caseId, u.evidenceId, await finaliseBody(u))).status).toBe(200);
    expect(await answer(await api.finalise(caseworker, kase.caseId, u.evidenceId, await finaliseBody(u)))).toMatchObject({ status: 409, body: { reason: "evidence.finalised" } });
    // Finished: no more parts, no cancel; the status still answers its uploader (a resumed browser learns it is done).
    expect((await api.part(caseworker, kase.caseId, u.evidenceId, 1, u.parts[0]!)).status).toBe(409);
    expect((await api.cancel(caseworker, kase.caseId, u.evidenceId)).status).toBe(409);
    expect(await answer(await api.status(caseworker, kase.caseId, u.evidenceId))).toMatchObject({ status: 200, body: { state: "ready" } });
    expect((await caseEvents(kase.caseId, "evidence.uploaded")).length).toBe(1);
    expect(await stored(u.evidenceId)).toMatchObject({ state: "ready", metaVersions: [1, 2] });
  });

  it("after finalise a part with other bytes is refused (evidence.finalised) and the evidence streams back unchanged", async () => {
    const kase = await teamCase();
    const u = await readyUpload(kase);
    const { caseId } = kase;
    const id = u.evidenceId;
    const other = new Uint8Array(randomBytes(MIB));
    expect(await answer(await api.part(caseworker, caseId, id, 2, other))).toEqual({
      status: 409,
      cache: "no-store",
      body: { error: "conflict", reason: "evidence.finalised" },
    });
    // Nor the last part, nor under a claimed hash of the stored bytes.
    expect(await answer(await api.part(caseworker, caseId, id, 3, new Uint8Array(randomBytes(12_345))))).toMatchObject({ status: 409, body: { reason: "evidence.finalised" } });
    expect(await answer(await api.part(caseworker, caseId, id, 2, other, sha(u.parts[1]!)))).toMatchObject({ status: 409, body: { reason: "evidence.finalised" } });
    expect(await stored(id)).toEqual({ state: "ready", parts: [1, 2, 3], blobs: partKeys(u, [1, 2, 3]), metaVersions: [1, 2] });
    expect(await blobStore().size(evidencePartKey(id, 2, digest(other)))).toBeNull();
    const response = await api.content(lawyer, caseId, id);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(u.ciphertext)).toBe(true);
  });

  /** A PUT of part `partNumber` whose body stops half-way: resolves once the store waits for the rest; `finish()` sends it and gives the answer. */
  async function slowPart(caseId: string, id: string, partNumber: number, bytes: Uint8Array) {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let reading!: () => void;
    const readingStarted = new Promise<void>((resolve) => (reading = resolve));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        c.enqueue(bytes.slice(0, bytes.length / 2));
      },
      pull: () => reading(), // the store has taken the first half and waits for more
    });
    const path = `${base(caseId)}/uploads/${id}/parts/${partNumber}`;
    const slow = call(caseworker, partRoute.PUT, { caseId, evidenceId: id, partNumber: String(partNumber) }, path, {
      method: "PUT",
      body,
      headers: { "content-type": "application/octet-stream", "x-part-sha256": sha(bytes) },
    });
    await readingStarted;
    return {
      finish: async () => {
        controller.enqueue(bytes.slice(bytes.length / 2));
        controller.close();
        return answer(await slow);
      },
    };
  }

  it("a slow PUT still arriving while its part is recorded by another and the upload finalised is refused, and its bytes do not stay in the store", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    const { caseId } = kase;
    const id = u.evidenceId;
    const slow = await slowPart(caseId, id, 1, new Uint8Array(randomBytes(MIB)));
    await sendParts(u, [1, 2, 3]);
    expect((await api.finalise(caseworker, caseId, id, await finaliseBody(u))).status).toBe(200);
    expect(await slow.finish()).toMatchObject({ status: 409, body: { reason: "evidence.finalised" } });
    expect(await stored(id)).toEqual({ state: "ready", parts: [1, 2, 3], blobs: partKeys(u, [1, 2, 3]), metaVersions: [1, 2] });
    const response = await api.content(lawyer, caseId, id);
    expect(Buffer.from(await response.arrayBuffer()).equals(u.ciphertext)).toBe(true);
  });

  it("a slow PUT still arriving after its upload was cancelled records nothing, and its bytes do not stay in the store", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    const id = u.evidenceId;
    await sendParts(u, [1]);
    const slow = await slowPart(kase.caseId, id, 2, u.parts[1]!);
    expect((await api.cancel(caseworker, kase.caseId, id)).status).toBe(200);
    expect(await slow.finish()).toMatchObject({ status: 404 });
    expect(await stored(id)).toEqual({ state: null, parts: [], blobs: [], metaVersions: [] });
  });

  it("an upload is its uploader's alone: a teammate, and any path through another case, get 404", async () => {
    const kase = await teamCase();
    const otherCase = await teamCase(); // the caseworker is on both
    const u = await started(newUpload(kase));
    await sendParts(u, [1]);
    const id = u.evidenceId;
    for (const [who, caseId] of [
      [colleague, kase.caseId],
      [caseworker, otherCase.caseId],
    ] as const) {
      const answers = await Promise.all([
        api.status(who, caseId, id),
        api.part(who, caseId, id, 2, u.parts[1]!),
        api.finalise(who, caseId, id, await finaliseBody(u)),
        api.cancel(who, caseId, id),
      ]);
      for (const response of answers) expect(await answer(response)).toEqual({ status: 404, cache: "no-store", body: { error: "not_found" } });
    }
    expect(await stored(id)).toEqual({ state: "uploading", parts: [1], blobs: [partKey(u, 1)], metaVersions: [1] });

    // Ready evidence is the case's: not reachable through another case either.
    const ready = await readyUpload(kase);
    expect((await api.content(caseworker, otherCase.caseId, ready.evidenceId)).status).toBe(404);
    expect((await api.access(caseworker, otherCase.caseId, ready.evidenceId, "download")).status).toBe(404);
    expect((await api.access(caseworker, kase.caseId, ready.evidenceId, "print")).status).toBe(400);
    // An unfinished upload has no custody to record.
    expect((await api.access(caseworker, kase.caseId, id, "download")).status).toBe(404);
  });

  it("a non-member gets the same 404 on every route and action, whatever else is wrong with the request", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    await sendParts(u, [1]);
    const ready = await readyUpload(kase);
    const { caseId } = kase;
    const id = u.evidenceId;
    const responses = [
      await api.start(stranger, caseId, await startBody(newUpload(kase))),
      await api.start(stranger, caseId, { garbage: true }),
      await api.start(stranger, caseId, await startBody(newUpload(kase), { size: 10 * 1024 ** 3, partSize: 8 * MIB, partCount: 1280 })),
      await api.status(stranger, caseId, id),
      await api.part(stranger, caseId, id, 2, u.parts[1]!),
      await api.part(stranger, caseId, id, 99, new Uint8Array(20 * MIB), "nope"),
      await api.finalise(stranger, caseId, id, await finaliseBody(u)),
      await api.finalise(stranger, caseId, id, "not json"),
      await api.cancel(stranger, caseId, id),
      await api.content(stranger, caseId, ready.evidenceId),
      await api.access(stranger, caseId, ready.evidenceId, "download"),
      await api.access(stranger, caseId, ready.evidenceId, "nonsense"),
      await api.content(stranger, "not-a-uuid", ready.evidenceId),
      await api.content(stranger, caseId.toUpperCase(), ready.evidenceId),
      await api.content(caseworker, caseId, ready.evidenceId.toUpperCase()),
      await api.content(caseworker, caseId, `${ready.evidenceId.slice(0, 35)}\u0000`),
      await api.access(caseworker, caseId.toUpperCase(), ready.evidenceId, "download"),
    ];
    for (const response of responses) expect(await answer(response)).toEqual({ status: 404, cache: "no-store", body: { error: "not_found" } });
    const refusals = [
      await reads.list(stranger, caseId),
      await reads.mine(stranger, caseId),
      await reads.custody(stranger, caseId, ready.evidenceId),
      await as(stranger, () => reviewEvidenceAction({ caseId, evidenceId: ready.evidenceId, status: "excluded", note: null })),
    ];
    for (const result of refusals) expect(result).toEqual({ ok: false, error: "not_found" });
    // A reviewer reads and downloads but does not upload.
    expect((await api.start(lawyer, caseId, await startBody(newUpload(kase)))).status).toBe(404);
    expect((await api.content(lawyer, caseId, ready.evidenceId)).status).toBe(200);
    // Signed out: 401, nothing else said.
    expect(await answer(await call(null, uploadRoute.GET, { caseId, evidenceId: id }, `${base(caseId)}/uploads/${id}`))).toMatchObject({ status: 401, body: { error: "unauthenticated" } });
    expect(await stored(id)).toEqual({ state: "uploading", parts: [1], blobs: [partKey(u, 1)], metaVersions: [1] });
    expect(await stored(ready.evidenceId)).toMatchObject({ state: "ready", parts: [1, 2, 3] });
  });

  it("cancel removes the parts, the blobs, the metadata and the row, and says so in the audit log", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    await sendParts(u, [1, 2]);
    // And a blob no part names (a write whose row never came).
    const orphan = evidencePartKey(u.evidenceId, 3, digest(u.parts[2]!));
    await blobStore().put({ key: orphan, body: streamOf(u.parts[2]!), size: u.parts[2]!.length, sha256: digest(u.parts[2]!) });
    expect((await stored(u.evidenceId)).blobs).toEqual(partKeys(u, [1, 2, 3]));
    expect(await answer(await api.cancel(caseworker, kase.caseId, u.evidenceId))).toEqual({ status: 200, cache: "no-store", body: { evidenceId: u.evidenceId } });
    expect(await stored(u.evidenceId)).toEqual({ state: null, parts: [], blobs: [], metaVersions: [] });
    expect((await caseEvents(kase.caseId, "evidence.upload_cancelled")).map((e) => e.data)).toEqual([{ evidenceId: u.evidenceId }]);
    // Gone: every further call is not found.
    expect((await api.status(caseworker, kase.caseId, u.evidenceId)).status).toBe(404);
    expect((await api.part(caseworker, kase.caseId, u.evidenceId, 3, u.parts[2]!)).status).toBe(404);
    expect((await api.cancel(caseworker, kase.caseId, u.evidenceId)).status).toBe(404);
  });

  it("finalise removes the blobs under the upload that no recorded part names", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    const { caseId } = kase;
    const id = u.evidenceId;
    await sendParts(u, [1, 2, 3]);
    // What a refused or superseded write, or a crash between blob and row, leaves behind.
    const other = new Uint8Array(randomBytes(MIB));
    const orphans = [1, 2, 7].map((n) => evidencePartKey(id, n, digest(other)));
    for (const key of orphans) await blobStore().put({ key, body: streamOf(other), size: other.length, sha256: digest(other) });
    expect((await stored(id)).blobs).toEqual([...partKeys(u, [1, 2, 3]), ...orphans].sort());
    // A refused finalise changes nothing.
    expect((await api.finalise(caseworker, caseId, id, await finaliseBody(u, { sha256: wholeHash([other, u.parts[1]!, u.parts[2]!]) }))).status).toBe(409);
    expect((await stored(id)).blobs).toEqual([...partKeys(u, [1, 2, 3]), ...orphans].sort());

    expect((await api.finalise(caseworker, caseId, id, await finaliseBody(u))).status).toBe(200);
    expect(await stored(id)).toEqual({ state: "ready", parts: [1, 2, 3], blobs: partKeys(u, [1, 2, 3]), metaVersions: [1, 2] });
    const response = await api.content(lawyer, caseId, id);
    expect(Buffer.from(await response.arrayBuffer()).equals(u.ciphertext)).toBe(true);
  });

  it("tamper before finalise: a part whose blob is gone or of another size is dropped at finalise; sending it again repairs it", async () => {
    const kase = await teamCase();
    const u = await started(newUpload(kase));
    const { caseId } = kase;
    const id = u.evidenceId;
    await sendParts(u, [1, 2, 3]);

    // Part 2's blob is gone.
    await blobStore().delete([partKey(u, 2)]);
    expect(await answer(await api.finalise(caseworker, caseId, id, await finaliseBody(u)))).toEqual({
      status: 409,
      cache: "no-store",
      body: { error: "conflict", reason: "evidence.hashMismatch" },
    });
    expect(await stored(id)).toEqual({ state: "uploading", parts: [1, 3], blobs: partKeys(u, [1, 3]), metaVersions: [1] });
    // The browser's resume learns which part to send again.
    expect(await answer(await api.status(caseworker, caseId, id))).toMatchObject({ body: { parts: [{ partNumber: 1 }, { partNumber: 3 }] } });
    await sendParts(u, [2]);

    // Part 3's blob is cut short.
    await overwriteBlob(partKey(u, 3), u.parts[2]!.subarray(0, 100));
    expect(await answer(await api.finalise(caseworker, caseId, id, await finaliseBody(u)))).toMatchObject({ status: 409, body: { reason: "evidence.hashMismatch" } });
    expect(await stored(id)).toMatchObject({ state: "uploading", parts: [1, 2] });
    await sendParts(u, [3]);
    expect((await blobBytes(partKey(u, 3)))?.equals(u.parts[2]!)).toBe(true);

    // A retry of a recorded part whose blob went missing or short puts the bytes back (answered as not new).
    await blobStore().delete([partKey(u, 1)]);
    expect(await answer(await api.part(caseworker, caseId, id, 1, u.parts[0]!))).toMatchObject({ status: 200, body: { partNumber: 1 } });
    expect((await blobBytes(partKey(u, 1)))?.equals(u.parts[0]!)).toBe(true);
    await overwriteBlob(partKey(u, 2), u.parts[1]!.subarray(0, MIB - 1));
    expect(await answer(await api.part(caseworker, caseId, id, 2, u.parts[1]!))).toMatchObject({ status: 200, body: { partNumber: 2 } });
    expect((await blobBytes(partKey(u, 2)))?.equals(u.parts[1]!)).toBe(true);

    expect((await api.finalise(caseworker, caseId, id, await finaliseBody(u))).status).toBe(200);
    expect((await caseEvents(caseId, "evidence.uploaded")).length).toBe(1);
    const response = await api.content(lawyer, caseId, id);
    expect(Buffer.from(await response.arrayBuffer()).equals(u.ciphertext)).toBe(true);
  });

  it("tamper after finalise: a part altered (same size) is logged by number and left to the browser's decryption to refuse; one cut short or gone ends the download with an error at that part", async () => {
    const kase = await teamCase();
    const u = await readyUpload(kase);
    const { caseId } = kase;
    const id = u.evidenceId;
    const altered = new Uint8Array(u.parts[1]!);
    altered[100] = altered[100]! ^ 0xff;
    await overwriteBlob(partKey(u, 2), altered);

    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { size, stream } = await openEvidenceContent(lawyer.actor, caseId, id);
      expect(size).toBe(u.ciphertext.length);
      const read = await drain(stream);
      expect(read.error).toBeNull();
      // What is stored arrives (the altered byte included): AEAD in the browser refuses it.
      expect(read.bytes.equals(Buffer.concat([u.parts[0]!, altered, u.parts[2]!]))).toBe(true);
      expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/evidence part 2 does not match its recorded SHA-256/)]);
    } finally {
      logged.mockRestore();
    }
    // The evidence itself is untouched: still listed, still ready.
    expect(await stored(id)).toEqual({ state: "ready", parts: [1, 2, 3], blobs: partKeys(u, [1, 2, 3]), metaVersions: [1, 2] });

    // Put back, it streams whole again.
    await overwriteBlob(partKey(u, 2), u.parts[1]!);
    expect(Buffer.from(await (await api.content(lawyer, caseId, id)).arrayBuffer()).equals(u.ciphertext)).toBe(true);

    // A part cut short, or gone, fails the same way.
    await overwriteBlob(partKey(u, 3), u.parts[2]!.subarray(0, 100));
    await expect((await api.content(lawyer, caseId, id)).arrayBuffer()).rejects.toThrow();
    await blobStore().delete([partKey(u, 3)]);
    const gone = await openEvidenceContent(lawyer.actor, caseId, id);
    const partial = await drain(gone.stream);
    expect((partial.error as Error).message).toMatch(/part 3\b/);
    expect(partial.bytes.equals(u.ciphertext.subarray(0, 2 * MIB))).toBe(true);
  });
});

describe(`evidence review and custody (${kind})`, () => {
  it("a lawyer sets the status with a sealed note; the list and the chain of custody show who did what", async () => {
    const kase = await teamCase();
    const u = await readyUpload(kase);
    expect((await api.content(lawyer, kase.caseId, u.evidenceId)).status).toBe(200);
    expect((await api.access(lawyer, kase.caseId, u.evidenceId, "preview")).status).toBe(204);
    const noteId = randomUUID();
    const note = await seal(kase, { type: "review_note", id: noteId, version: 1, value: { evidenceId: u.evidenceId, text: "Needs the original" } });
    const reviewed = await as(lawyer, () => reviewEvidenceAction({ caseId: kase.caseId, evidenceId: u.evidenceId, status: "needs_translation", note }));
    expect(reviewed).toMatchObject({ ok: true, data: { evidenceId: u.evidenceId, reviewStatus: "needs_translation", noteId } });

    const list = await reads.list(caseworker, kase.caseId);
    expect(list.ok && list.data.evidence[0]).toMatchObject({ reviewStatus: "needs_translation", reviewedById: lawyer.actor.userId, reviewedAt: expect.any(String) });
    expect(list.ok && list.data.reviewNotes.map((n) => [n.id, n.type, n.authorId])).toEqual([[noteId, "review_note", lawyer.actor.userId]]);

    // Review needs the review right (a caseworker member has none), a ready item, and a fresh note id.
    expect(await as(caseworker, () => reviewEvidenceAction({ caseId: kase.caseId, evidenceId: u.evidenceId, status: "excluded", note: null }))).toEqual({ ok: false, error: "not_found" });
    const pending = await started(newUpload(kase));
    expect(await as(lawyer, () => reviewEvidenceAction({ caseId: kase.caseId, evidenceId: pending.evidenceId, status: "relevant", note: null }))).toEqual({ ok: false, error: "not_found" });
    expect(await as(lawyer, () => reviewEvidenceAction({ caseId: kase.caseId, evidenceId: u.evidenceId, status: "relevant", note }))).toMatchObject({ ok: false, error: "conflict", reason: "record.idTaken" });
    expect(await as(coordinator, () => reviewEvidenceAction({ caseId: kase.caseId, evidenceId: u.evidenceId, status: "admissible", note: null }))).toMatchObject({ ok: true });

    const custody = await reads.custody(caseworker, kase.caseId, u.evidenceId);
    expect(custody.ok && custody.data.map((e) => [e.action, e.actorId])).toEqual([
      ["evidence.upload_started", caseworker.actor.userId],
      ["evidence.uploaded", caseworker.actor.userId],
      ["evidence.viewed", lawyer.actor.userId],
      ["evidence.reviewed", lawyer.actor.userId],
      ["evidence.reviewed", coordinator.actor.userId],
    ]);
    expect(custody.ok && Object.keys(custody.data[0]!).sort()).toEqual(["action", "actorId", "at", "seq"]);
    expect((await caseEvents(kase.caseId, "evidence.reviewed")).map((e) => e.data)).toEqual([
      { evidenceId: u.evidenceId, status: "needs_translation" },
      { evidenceId: u.evidenceId, status: "admissible" },
    ]);
    // An unfinished upload has no custody to show.
    expect(await reads.custody(caseworker, kase.caseId, pending.evidenceId)).toEqual({ ok: false, error: "not_found" });
    await expectAuditChainIntact();
  });
});

describe(`evidence timestamps (${kind})`, () => {
  it("keeps the RFC 3161 token sent at finalise and lists it; refuses one that is not a token; finalises without one", async () => {
    const kase = await teamCase();
    const tsa = await makeTestTsa();
    try {
      // What the browser sends: a token over its statement's hash (the server cannot check which hash, only that it is a token).
      const token = b64(await tsa.stamp(new Uint8Array(randomBytes(32))));
      const junk = await started(newUpload(kase));
      await sendParts(junk, [1, 2, 3]);
      expect(await answer(await api.finalise(caseworker, kase.caseId, junk.evidenceId, await finaliseBody(junk, { timestamp: b64(randomBytes(200)) })))).toMatchObject({
        status: 400,
        body: { error: "invalid_input", reason: "evidence.timestamp" },
      });
      expect(await answer(await api.finalise(caseworker, kase.caseId, junk.evidenceId, await finaliseBody(junk, { timestamp: token })))).toMatchObject({ status: 200 });
      const plain = await readyUpload(kase);
      const list = await reads.list(lawyer, kase.caseId);
      if (!list.ok) throw new Error(list.error);
      expect(list.data.evidence.find((e) => e.id === junk.evidenceId)?.timestamp).toBe(token);
      expect(list.data.evidence.find((e) => e.id === plain.evidenceId)?.timestamp).toBeNull();
    } finally {
      await tsa.close();
    }
  });
});
