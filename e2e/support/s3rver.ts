import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { s3Keys, s3rverClient, s3rverEnv } from "../../lib/blobs/testing/s3rver";

/**
 * An S3 HTTP server (s3rver) on a loopback port, in a child process (the test
 * process blocks in spawnSync while the seed runs, and a server living in it
 * would not answer), with a fresh bucket: `env` makes the app and its scripts
 * keep evidence there.
 */
export async function startS3rverProcess(bucket = "casevault-e2e"): Promise<{ env: Record<string, string>; keys: (prefix: string) => Promise<string[]>; close: () => Promise<void> }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "cv-s3rver-"));
  const child = spawn(process.execPath, ["e2e/support/s3rver-child.mjs", directory, bucket], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve((JSON.parse(out.split("\n")[0]!) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited (${code})`)));
  });
  const env = s3rverEnv(port, bucket);
  const client = s3rverClient(env);
  return {
    env,
    keys: (prefix) => s3Keys(client, bucket, prefix),
    close: async () => {
      client.destroy();
      child.kill();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
