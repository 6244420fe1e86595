import { randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { EnvError, parseEnv } from "@/lib/env";
import { withTestDatabase } from "@/lib/testing/test-db";
import { postgresBlobStore } from "./actions/postgres-store";
import { s3BlobStore, s3ClientFromEnv, type S3Sender } from "./actions/s3-store";
import { blobStore, evidencePartKey, evidencePartKeys, type BlobStore } from "./store";

const { kind } = withTestDatabase();

const bytes = (n: number) => new Uint8Array(randomBytes(n));
const same = (a: Uint8Array | null, b: Uint8Array) => a !== null && Buffer.from(a).equals(Buffer.from(b));

/** The behaviour every BlobStore shares. */
async function exerciseStore(store: BlobStore) {
  const prefix = `test/${randomUUID()}`;
  const [a, b, c] = [bytes(1000), bytes(2000), bytes(10)];
  expect(await store.get(`${prefix}/a`)).toBeNull();
  await store.put(`${prefix}/a`, a);
  await store.put(`${prefix}/b`, b);
  expect(same(await store.get(`${prefix}/a`), a)).toBe(true);
  // put overwrites.
  await store.put(`${prefix}/a`, c);
  expect(same(await store.get(`${prefix}/a`), c)).toBe(true);
  // delete takes keys that exist and keys that do not.
  await store.delete([`${prefix}/a`, `${prefix}/missing`]);
  expect(await store.get(`${prefix}/a`)).toBeNull();
  expect(same(await store.get(`${prefix}/b`), b)).toBe(true);
  await store.delete([]);
  await store.delete([`${prefix}/b`]);
  expect(await store.get(`${prefix}/b`)).toBeNull();
}

describe(`the PostgreSQL blob store (${kind})`, () => {
  it("puts, overwrites, gets and deletes; a missing key is null", async () => {
    await exerciseStore(postgresBlobStore());
  });

  it("is the default store, one Blob row per key", async () => {
    const key = evidencePartKey(randomUUID(), 1);
    const data = bytes(64);
    await blobStore().put(key, data);
    const db = await getDb();
    expect(same((await db.blob.findUniqueOrThrow({ where: { key } })).data, data)).toBe(true);
    await blobStore().delete([key]);
    expect(await db.blob.count({ where: { key } })).toBe(0);
  });

  it("deletes in batches (an upload of thousands of parts)", async () => {
    const id = randomUUID();
    const store = postgresBlobStore();
    await store.put(evidencePartKey(id, 1), bytes(1));
    await store.put(evidencePartKey(id, 1200), bytes(1));
    await store.delete(evidencePartKeys(id, 1200));
    const db = await getDb();
    expect(await db.blob.count({ where: { key: { startsWith: `evidence/${id}/` } } })).toBe(0);
  });
});

/** A fake S3: the SDK's commands in, an in-memory bucket behind them, every call recorded. */
function fakeS3(options: { failDelete?: (key: string) => unknown } = {}) {
  const objects = new Map<string, Uint8Array>();
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (command: unknown) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((r) => setTimeout(r, 1));
      if (command instanceof PutObjectCommand) {
        calls.push({ command: "put", input: { ...command.input } });
        objects.set(`${command.input.Bucket}/${command.input.Key}`, new Uint8Array(command.input.Body as Uint8Array));
        return {};
      }
      if (command instanceof GetObjectCommand) {
        calls.push({ command: "get", input: { ...command.input } });
        const data = objects.get(`${command.input.Bucket}/${command.input.Key}`);
        if (!data) throw new NoSuchKey({ message: "The specified key does not exist.", $metadata: { httpStatusCode: 404 } });
        return { Body: { transformToByteArray: async () => new Uint8Array(data) } };
      }
      if (command instanceof DeleteObjectCommand) {
        calls.push({ command: "delete", input: { ...command.input } });
        const failure = options.failDelete?.(command.input.Key!);
        if (failure) throw failure;
        objects.delete(`${command.input.Bucket}/${command.input.Key}`);
        return {};
      }
      throw new Error("unexpected command");
    } finally {
      inFlight--;
    }
  };
  return { client: { send } as unknown as S3Sender, objects, calls, maxInFlight: () => maxInFlight };
}

const s3Error = (name: string, status: number) => new S3ServiceException({ name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });

describe("the S3 blob store (a fake client: no network)", () => {
  it("puts, overwrites, gets and deletes; a missing key is null", async () => {
    const s3 = fakeS3();
    await exerciseStore(s3BlobStore({ client: s3.client, bucket: "casevault" }));
    expect(s3.objects.size).toBe(0);
  });

  it("sends the bucket, the key, the bytes and their length as an opaque object", async () => {
    const s3 = fakeS3();
    const data = bytes(300);
    await s3BlobStore({ client: s3.client, bucket: "evidence-bucket" }).put("evidence/x/1", data);
    expect(s3.calls).toEqual([
      { command: "put", input: { Bucket: "evidence-bucket", Key: "evidence/x/1", Body: data, ContentLength: 300, ContentType: "application/octet-stream" } },
    ]);
  });

  it("treats a 404 as missing and passes every other failure on", async () => {
    const notFound = { client: { send: async () => Promise.reject(s3Error("NotFound", 404)) } as unknown as S3Sender };
    expect(await s3BlobStore({ ...notFound, bucket: "b" }).get("k")).toBeNull();
    const denied = { client: { send: async () => Promise.reject(s3Error("AccessDenied", 403)) } as unknown as S3Sender };
    await expect(s3BlobStore({ ...denied, bucket: "b" }).get("k")).rejects.toMatchObject({ name: "AccessDenied" });
    const down = { client: { send: async () => Promise.reject(new Error("socket hang up")) } as unknown as S3Sender };
    await expect(s3BlobStore({ ...down, bucket: "b" }).get("k")).rejects.toThrow("socket hang up");
  });

  it("deletes object by object, a few at a time; a missing object is fine, a refusal is not", async () => {
    const s3 = fakeS3({ failDelete: (key) => (key.endsWith("/404") ? s3Error("NoSuchKey", 404) : key.endsWith("/403") ? s3Error("AccessDenied", 403) : null) });
    const store = s3BlobStore({ client: s3.client, bucket: "b" });
    const keys = evidencePartKeys("e", 50);
    for (const key of keys) await store.put(key, bytes(1));
    await store.delete([...keys, "evidence/e/404"]);
    expect(s3.objects.size).toBe(0);
    expect(s3.calls.filter((c) => c.command === "delete")).toHaveLength(51);
    expect(s3.maxInFlight()).toBeLessThanOrEqual(8);
    await expect(store.delete(["evidence/e/403"])).rejects.toMatchObject({ name: "AccessDenied" });
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
      handle: async (request: { method: string; hostname: string; port?: number; path: string; headers: Record<string, string> }) => {
        requests.push({ method: request.method, url: `${request.hostname}:${request.port}${request.path}`, headers: request.headers });
        const { statusCode, body = "", headers = {} } = handler(request);
        return { response: { statusCode, headers, body: Readable.from([Buffer.from(body)]) } };
      },
    } as unknown as typeof client.config.requestHandler;
    return { store: s3BlobStore({ client, bucket: config.S3_BUCKET! }), requests };
  }

  it("addresses the bucket by path on the configured endpoint, signs, and sends no checksum the store did not ask for", async () => {
    const data = bytes(100);
    const { store, requests } = clientWith(() => ({ statusCode: 200 }));
    await store.put("evidence/abc/1", data);
    expect(requests[0]).toMatchObject({ method: "PUT", url: "objects.test:9000/casevault/evidence/abc/1" });
    expect(requests[0]!.headers["authorization"]).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/s3\/aws4_request/);
    expect(Object.keys(requests[0]!.headers).filter((h) => h.startsWith("x-amz-checksum-"))).toEqual([]);
  });

  it("reads an object's bytes, and an S3 NoSuchKey answer as missing", async () => {
    const data = bytes(100);
    const { store } = clientWith((request): { statusCode: number; body: string | Uint8Array; headers: Record<string, string> } =>
      request.path.endsWith("/1")
        ? { statusCode: 200, body: data, headers: { "content-length": "100" } }
        : { statusCode: 404, body: '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>none</Message></Error>', headers: { "content-type": "application/xml" } },
    );
    expect(same(await store.get("evidence/abc/1"), data)).toBe(true);
    expect(await store.get("evidence/abc/2")).toBeNull();
  });
});

describe("blob store configuration", () => {
  it("defaults to PostgreSQL, with the evidence limits' defaults", () => {
    expect(parseEnv({})).toMatchObject({ BLOB_STORE: "postgres", EVIDENCE_MAX_BYTES: 2 * 1024 ** 3, UPLOAD_STALE_HOURS: 48, S3_FORCE_PATH_STYLE: false });
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
