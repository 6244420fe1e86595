import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { postgresBlobStore } from "./postgres-store";
import { s3BlobStore, s3ClientFromEnv } from "./s3-store";
import { BlobRejected, type BlobStore } from "./blob-store";
import { fsBlobStore } from "./fs-store";
import { blobStore, evidencePartKey } from "./store";
import { startS3rver } from "./testing/s3rver";
import { collect } from "./verifying-stream";

const { kind } = withTestDatabase();

const bytes = (n: number) => new Uint8Array(randomBytes(n));
const sha = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());

/** `data` as a stream of `chunk`-byte pieces. */
function streamOf(data: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= data.length) return controller.close();
      controller.enqueue(data.slice(at, at + chunk));
      at += chunk;
    },
  });
}

const write = (key: string, data: Uint8Array, over: { size?: number; sha256?: Uint8Array } = {}) => ({
  key,
  body: streamOf(data),
  size: over.size ?? data.length,
  sha256: over.sha256 ?? sha(data),
});

async function read(store: BlobStore, key: string): Promise<Uint8Array | null> {
  const stream = await store.get(key);
  return stream ? collect(stream, 64 * 1024 * 1024) : null;
}

let s3: Awaited<ReturnType<typeof startS3rver>>;
let fsRoot: string;
beforeAll(async () => {
  // The database is created and migrated on first use: here, inside the hook's time, not a test's.
  await getDb();
  s3 = await startS3rver();
  fsRoot = fs.mkdtempSync(path.join(os.tmpdir(), "cv-blobs-"));
});
afterAll(async () => {
  await s3?.close();
  fs.rmSync(fsRoot, { recursive: true, force: true });
});

// The same contract on every backend: files, the database, and a real S3 HTTP server (s3rver).
// `big`: a blob larger than a part (8 MiB at most) where the store streams;
// the database store binds one value and PGlite writes ~4 MB/s on this
// machine, so there a part-sized blob keeps the test well inside its time.
const backends: [string, () => BlobStore, number][] = [
  ["fs", () => fsBlobStore(fsRoot), 9 * 1024 * 1024 + 7],
  [`postgres (${kind})`, () => postgresBlobStore(), 1024 * 1024 + 7],
  ["s3 (s3rver over HTTP)", () => s3BlobStore({ client: s3.client, bucket: s3.bucket }), 9 * 1024 * 1024 + 7],
];

describe.each(backends)("the %s blob store", (_name, make, bigSize) => {
  it(`streams a blob in and out (${bigSize} bytes in 64 KiB pieces), knows its size, lists by prefix in order`, async () => {
    const store = make();
    const id = randomUUID();
    const big = bytes(bigSize);
    const small = bytes(10);
    await store.put(write(`t/${id}/2/b`, big));
    await store.put(write(`t/${id}/10/a`, small));
    await store.put(write(`t/${id}x/1/a`, small)); // shares the text prefix, not the folder
    expect(Buffer.from((await read(store, `t/${id}/2/b`))!).equals(Buffer.from(big))).toBe(true);
    expect(await store.size(`t/${id}/2/b`)).toBe(big.length);
    expect(await store.list(`t/${id}/`)).toEqual([`t/${id}/10/a`, `t/${id}/2/b`]);
  });

  it("a key never written reads as null; deleting it is not an error", async () => {
    const store = make();
    const key = `t/${randomUUID()}/1/a`;
    expect(await store.get(key)).toBeNull();
    expect(await store.size(key)).toBeNull();
    await store.delete([key]);
    await store.delete([]);
    expect(await store.list(key)).toEqual([]);
  });

  it("refuses a short, a long or an altered body, and nothing is left under the key", async () => {
    const store = make();
    const id = randomUUID();
    const data = bytes(200_000);
    const cases: [string, ReturnType<typeof write>, BlobRejected["reason"]][] = [
      ["short", write(`t/${id}/1/a`, data.subarray(0, 150_000), { size: data.length, sha256: sha(data) }), "too_short"],
      ["long", write(`t/${id}/2/a`, data, { size: 100_000, sha256: sha(data) }), "too_long"],
      ["altered", write(`t/${id}/3/a`, data, { sha256: sha(bytes(10)) }), "hash"],
    ];
    for (const [, attempt, reason] of cases) {
      await expect(store.put(attempt)).rejects.toMatchObject({ name: "BlobRejected", reason });
      expect(await store.size(attempt.key)).toBeNull();
      expect(await store.get(attempt.key)).toBeNull();
    }
    expect(await store.list(`t/${id}/`)).toEqual([]);
  });

  it("a write cut off in the middle (the client went away) is never visible, during or after", async () => {
    const store = make();
    const key = `t/${randomUUID()}/1/a`;
    const data = bytes(1024 * 1024);
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const putting = store.put({ key, body, size: data.length, sha256: sha(data) });
    controller.enqueue(data.slice(0, 512 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.size(key)).toBeNull();
    controller.error(new Error("connection reset"));
    await expect(putting).rejects.toThrow();
    expect(await store.get(key)).toBeNull();
    expect(await store.list(key)).toEqual([]);
  });

  it("a write whose prefix is deleted while it streams (an upload cancelled meanwhile) still completes whole, and can then be deleted", async () => {
    const store = make();
    const prefix = `evidence/${randomUUID()}/`;
    await store.put(write(`${prefix}1/a`, bytes(10)));
    const data = bytes(1024 * 1024);
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const putting = store.put({ key: `${prefix}2/b`, body, size: data.length, sha256: sha(data) });
    controller.enqueue(data.slice(0, 512 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await store.deletePrefix(prefix);
    controller.enqueue(data.slice(512 * 1024));
    controller.close();
    await putting;
    const stored = await read(store, `${prefix}2/b`);
    expect(stored && Buffer.from(stored).equals(data)).toBe(true);
    await store.delete([`${prefix}2/b`]);
    expect(await store.list(prefix)).toEqual([]);
  });

  it("writing a key again with its bytes changes nothing; deletePrefix removes one upload's blobs only", async () => {
    const store = make();
    const [a, b] = [randomUUID(), randomUUID()];
    const data = bytes(1000);
    await store.put(write(`evidence/${a}/1/x`, data));
    await store.put(write(`evidence/${a}/1/x`, data));
    await store.put(write(`evidence/${a}/2/y`, data));
    await store.put(write(`evidence/${b}/1/x`, data));
    expect(await store.list(`evidence/${a}/`)).toHaveLength(2);
    await store.deletePrefix(`evidence/${a}/`);
    expect(await store.list(`evidence/${a}/`)).toEqual([]);
    expect(await store.size(`evidence/${b}/1/x`)).toBe(1000);
    await store.delete([`evidence/${b}/1/x`]);
    expect(await store.get(`evidence/${b}/1/x`)).toBeNull();
  });

  it("takes only plain keys: no traversal, no empty or upper-case parts", async () => {
    const store = make();
    for (const key of ["../x", "a//b", "/a", "a/B", "a/./b", "a\\b"]) await expect(store.put(write(key, bytes(1)))).rejects.toThrow("invalid blob key");
  });
});

describe("the fs blob store's files", () => {
  it("keeps each blob at DATA_DIR/blobs/<key>, readable by the server's user only; the default store", async () => {
    const store = blobStore();
    expect(store.kind).toBe("fs");
    const key = evidencePartKey(randomUUID(), 1, sha(bytes(1)));
    const data = bytes(64);
    await store.put(write(key, data));
    const file = path.join(process.env.DATA_DIR!, "blobs", ...key.split("/"));
    expect(Buffer.from(fs.readFileSync(file)).equals(Buffer.from(data))).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it("sweeps temporary files that interrupted writes left, once they are old enough", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cv-blobs-"));
    const store = fsBlobStore(root);
    await store.put(write("t/1/a", bytes(10)));
    fs.writeFileSync(path.join(root, ".incomplete", "left-by-a-crash"), bytes(10));
    fs.writeFileSync(path.join(root, ".incomplete", "being-written"), bytes(10));
    const old = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(path.join(root, ".incomplete", "left-by-a-crash"), old, old);
    expect(await store.sweepIncomplete(new Date(Date.now() - 3_600_000))).toBe(1);
    expect(fs.readdirSync(path.join(root, ".incomplete"))).toEqual(["being-written"]);
    expect(await store.list("")).toEqual(["t/1/a"]);
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe("evidence part keys", () => {
  it("name the upload, the part and the part's hash", () => {
    const digest = sha(bytes(5));
    const key = evidencePartKey("0b7c3f0e-8d2a-4c4e-9a61-2f1d3c5b7a90", 12, digest);
    expect(key).toBe(`evidence/0b7c3f0e-8d2a-4c4e-9a61-2f1d3c5b7a90/12/${Buffer.from(digest).toString("hex")}`);
  });
});

describe("the real S3 client, as configured from the environment (its HTTP handler replaced: no network)", () => {
  function clientWith(handler: (request: { method: string; hostname: string; port?: number; path: string; headers: Record<string, string> }) => { statusCode: number; body?: string | Uint8Array; headers?: Record<string, string> }) {
    const config = parseEnv({
      BLOB_STORE: "s3",
      S3_ENDPOINT: "http://objects.test:9000",
      S3_REGION: "eu-central-1",
      S3_BUCKET: "casevault",
      S3_ACCESS_KEY_ID: "AKIDEXAMPLE",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_FORCE_PATH_STYLE: "true",
    });
    const client = s3ClientFromEnv(config);
    const requests: { method: string; url: string; headers: Record<string, string> }[] = [];
    client.config.requestHandler = {
      handle: async (request: { method: string; hostname: string; port?: number; path: string; headers: Record<string, string>; body?: unknown }) => {
        requests.push({ method: request.method, url: `${request.hostname}:${request.port}${request.path}`, headers: request.headers });
        if (request.body instanceof Readable) for await (const chunk of request.body) void chunk; // drain what is sent
        const { statusCode, body = "", headers = {} } = handler(request);
        return { response: { statusCode, headers, body: Readable.from([Buffer.from(body)]) } };
      },
    } as unknown as typeof client.config.requestHandler;
    return { store: s3BlobStore({ client, bucket: config.S3_BUCKET! }), requests };
  }

  it("addresses the bucket by path on the configured endpoint, signs, streams one part with its length, completes, and sends no checksum the store did not ask for", async () => {
    const data = bytes(100);
    const xml = (body: string) => ({ statusCode: 200, body: `<?xml version="1.0" encoding="UTF-8"?>${body}`, headers: { "content-type": "application/xml" } });
    const { store, requests } = clientWith((request) =>
      request.method === "POST" && request.path.endsWith("/ff")
        ? xml("<InitiateMultipartUploadResult><Bucket>casevault</Bucket><Key>evidence/abc/1/ff</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>")
        : request.method === "PUT"
          ? { statusCode: 200, headers: { etag: '"e1"' } }
          : xml('<CompleteMultipartUploadResult><Bucket>casevault</Bucket><Key>evidence/abc/1/ff</Key><ETag>"e"</ETag></CompleteMultipartUploadResult>'),
    );
    await store.put(write("evidence/abc/1/ff", data));
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST objects.test:9000/casevault/evidence/abc/1/ff",
      "PUT objects.test:9000/casevault/evidence/abc/1/ff",
      "POST objects.test:9000/casevault/evidence/abc/1/ff",
    ]);
    expect(requests[1]!.headers["content-length"]).toBe("100");
    for (const request of requests) {
      expect(request.headers["authorization"]).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/s3\/aws4_request/);
      expect(Object.keys(request.headers).filter((h) => h.startsWith("x-amz-checksum-"))).toEqual([]);
    }
  });

  it("reads an S3 NoSuchKey answer as missing and passes a refusal on", async () => {
    const { store } = clientWith((request) =>
      request.path.endsWith("/1")
        ? { statusCode: 403, body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>no</Message></Error>', headers: { "content-type": "application/xml" } }
        : { statusCode: 404, body: '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>none</Message></Error>', headers: { "content-type": "application/xml" } },
    );
    expect(await store.get("evidence/abc/2")).toBeNull();
    await expect(store.get("evidence/abc/1")).rejects.toMatchObject({ name: "AccessDenied" });
  });
});

describe("blob store configuration", () => {
  it("defaults to files under DATA_DIR, with the evidence limits' defaults", () => {
    expect(parseEnv({})).toMatchObject({ BLOB_STORE: "fs", EVIDENCE_MAX_BYTES: 2 * 1024 ** 3, UPLOAD_STALE_HOURS: 48, S3_FORCE_PATH_STYLE: false });
    expect(parseEnv({ BLOB_STORE: "postgres" })).toMatchObject({ BLOB_STORE: "postgres" });
    expect(parseEnv({ EVIDENCE_MAX_BYTES: "1048576", UPLOAD_STALE_HOURS: "6" })).toMatchObject({ EVIDENCE_MAX_BYTES: 1048576, UPLOAD_STALE_HOURS: 6 });
    expect(() => parseEnv({ EVIDENCE_MAX_BYTES: "0" })).toThrow(/EVIDENCE_MAX_BYTES/);
    expect(() => parseEnv({ BLOB_STORE: "disk" })).toThrow(/BLOB_STORE/);
  });

  it("needs region, bucket and credentials for BLOB_STORE=s3, and names each missing one", () => {
    let error: unknown;
    try {
      parseEnv({ BLOB_STORE: "s3", S3_BUCKET: "casevault" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    for (const name of ["S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]) expect(message).toContain(`${name}: is required when BLOB_STORE=s3`);
    expect(message).not.toContain("S3_BUCKET");
    const full = { BLOB_STORE: "s3", S3_REGION: "us-east-1", S3_BUCKET: "casevault", S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret" };
    expect(parseEnv(full)).toMatchObject({ BLOB_STORE: "s3", S3_FORCE_PATH_STYLE: false });
    expect(parseEnv({ ...full, S3_FORCE_PATH_STYLE: "1" }).S3_FORCE_PATH_STYLE).toBe(true);
    expect(() => parseEnv({ ...full, S3_FORCE_PATH_STYLE: "yes" })).toThrow(/S3_FORCE_PATH_STYLE: must be true or false/);
    expect(() => parseEnv({ ...full, S3_ENDPOINT: "not a url" })).toThrow(/S3_ENDPOINT/);
  });
});
