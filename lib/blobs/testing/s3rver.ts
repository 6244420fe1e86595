import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

// A real S3 HTTP server for tests (s3rver), on a loopback port with its files
// in a fresh temporary folder. Unit tests run it in their own process
// (startS3rver); e2e tests in a child process (e2e/support/s3rver.ts), with
// the same variables and client from here. Nothing here imports server-only
// modules.

/** What the app needs to keep evidence in the bucket (BLOB_STORE=s3 …); s3rver accepts these credentials and no others. */
export function s3rverEnv(port: number, bucket: string): Record<string, string> {
  return {
    BLOB_STORE: "s3",
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_REGION: "us-east-1",
    S3_BUCKET: bucket,
    S3_FORCE_PATH_STYLE: "true",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
  };
}

/** A client for the test server, as the app configures its own (no checksums the store did not ask for). */
export function s3rverClient(env: Record<string, string>): S3Client {
  return new S3Client({
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID!, secretAccessKey: env.S3_SECRET_ACCESS_KEY! },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** The keys in `bucket` under `prefix` (the first thousand). */
export async function s3Keys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  return ((await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
}

export async function startS3rver(
  bucket = "casevault-test",
): Promise<{ client: S3Client; bucket: string; env: Record<string, string>; keys: (prefix: string) => Promise<string[]>; close: () => Promise<void> }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "cv-s3rver-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", directory, silent: true });
  const { port } = await server.run();
  const env = s3rverEnv(port, bucket);
  const client = s3rverClient(env);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    client,
    bucket,
    env,
    keys: (prefix) => s3Keys(client, bucket, prefix),
    close: async () => {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
