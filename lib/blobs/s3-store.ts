import "server-only";
import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import type { Env } from "@/lib/env";
import { checkKey, type BlobStore } from "./blob-store";
import { verifyingStream } from "./verifying-stream";

// BLOB_STORE=s3: any S3-compatible store (AWS S3, MinIO, Ceph, Garage, R2…),
// through the official AWS SDK v3; the choice when several app instances
// share one store. One object per key in one bucket, written as a multipart
// upload of one streamed part (see put).
// The objects are ciphertext; the bucket should still be private (the SDK
// sends no ACL).

/** What the store needs of the SDK client: its `send` (tests inject a fake). */
export type S3Sender = Pick<S3Client, "send">;

/** Deletes and size checks run one object at a time (works on every S3-compatible store), this many at once. */
const CONCURRENCY = 8;

export function s3ClientFromEnv(config: Pick<Env, "S3_ENDPOINT" | "S3_REGION" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY" | "S3_FORCE_PATH_STYLE">): S3Client {
  return new S3Client({
    region: config.S3_REGION,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID ?? "", secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? "" },
    // Newer SDKs add CRC checksums to every request and expect them in
    // responses; many S3-compatible stores reject or omit them. Only where
    // the API requires one.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

function isMissing(error: unknown): boolean {
  if (error instanceof S3ServiceException || (error instanceof Error && "$metadata" in error)) {
    const status = (error as S3ServiceException).$metadata?.httpStatusCode;
    return error.name === "NoSuchKey" || error.name === "NotFound" || status === 404;
  }
  return false;
}

async function eachAtOnce<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

export function s3BlobStore({ client, bucket }: { client: S3Sender; bucket: string }): BlobStore {
  const store: BlobStore = {
    kind: "s3",

    async put({ key, body, size, sha256 }) {
      // One multipart upload of one part: the object appears only at
      // CompleteMultipartUpload, sent once the whole body arrived and
      // verified, so an interrupted or refused body is never visible under
      // the key, on S3 and on stores that keep half-received bodies.
      const verified = Readable.fromWeb(verifyingStream(body, size, sha256) as import("node:stream/web").ReadableStream<Uint8Array>);
      // A refused or broken body must abort the request (the SDK does not
      // watch its body for errors) and is the reason the write failed.
      const abort = new AbortController();
      let failure: unknown;
      verified.once("error", (error) => {
        failure = error;
        abort.abort();
      });
      const target = { Bucket: bucket, Key: checkKey(key) };
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ ...target, ContentType: "application/octet-stream" }));
      try {
        const { ETag } = await client.send(new UploadPartCommand({ ...target, UploadId, PartNumber: 1, Body: verified, ContentLength: size }), { abortSignal: abort.signal });
        if (failure) throw failure;
        await client.send(new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] } }));
      } catch (error) {
        verified.destroy();
        await client.send(new AbortMultipartUploadCommand({ ...target, UploadId })).catch(() => undefined);
        throw failure ?? error;
      }
    },

    async get(key) {
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return response.Body ? (response.Body.transformToWebStream() as ReadableStream<Uint8Array>) : null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async size(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return head.ContentLength ?? null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },

    async delete(keys) {
      await eachAtOnce(keys, async (key) => {
        // Deleting a missing object succeeds on S3; some stores answer 404.
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch((error: unknown) => {
          if (!isMissing(error)) throw error;
        });
      });
    },

    async deletePrefix(prefix) {
      await store.delete(await store.list(prefix));
    },

    async sweepIncomplete() {
      return 0; // S3 shows an object only once it is complete
    },
  };
  return store;
}
