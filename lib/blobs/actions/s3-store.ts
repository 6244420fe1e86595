import "server-only";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { Env } from "@/lib/env";
import type { BlobStore } from "../store";

// The S3-compatible BlobStore (AWS S3, MinIO, Ceph, Garage, R2…), through the
// official AWS SDK v3. One object per key in one bucket. The objects are
// ciphertext; the bucket should still be private (the SDK sends no ACL).

/** What the store needs of the SDK client: its `send` (tests inject a fake). */
export type S3Sender = Pick<S3Client, "send">;

/** Deletes run one object at a time (DeleteObject works on every S3-compatible store), this many at once. */
const DELETE_CONCURRENCY = 8;

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

export function s3BlobStore({ client, bucket }: { client: S3Sender; bucket: string }): BlobStore {
  return {
    async put(key, bytes) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.byteLength, ContentType: "application/octet-stream" }),
      );
    },

    async get(key) {
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!response.Body) return null;
        return await response.Body.transformToByteArray();
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async delete(keys) {
      let next = 0;
      const worker = async () => {
        while (next < keys.length) {
          const key = keys[next++]!;
          // Deleting a missing object succeeds on S3; some stores answer 404.
          await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch((error: unknown) => {
            if (!isMissing(error)) throw error;
          });
        }
      };
      await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, keys.length) }, worker));
    },
  };
}
