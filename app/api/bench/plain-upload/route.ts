import { NextResponse } from "next/server";
import { guardedRoute } from "@/lib/auth/guard";
import { BlobRejected } from "@/lib/blobs/blob-store";
import { blobStore } from "@/lib/blobs/store";
import { fromBase64url } from "@/lib/encoding/base64url";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { isCanonicalId } from "@/lib/ids/parse-id";
import { sha256Wire } from "@/lib/evidence/wire";

// Benchmark only (npm run bench:upload): the encrypted upload path without
// the encryption. PUT ?run=<uuid>&part=<n> stores one part of plain bytes
// through the same BlobStore as evidence parts (size from Content-Length,
// SHA-256 from x-part-sha256, both verified while streaming), under
// bench/<run>/<n>/<sha256 hex>; DELETE ?run=<uuid> removes the run's blobs.
// No database row, no audit event: only the bytes' way to the store is
// compared. Answers 404 unless BENCH_ROUTES=1.

const MAX_PART = 8 * 1024 * 1024;

function enabled(): void {
  if (env().BENCH_ROUTES !== "1") throw new AppError("not_found");
}

function runOf(request: Request): string {
  const run = new URL(request.url).searchParams.get("run") ?? "";
  if (!isCanonicalId(run)) throw new AppError("invalid_input");
  return run;
}

const prefixOf = (run: string) => `bench/${run}/`;

export const PUT = guardedRoute("bench.plain_upload", async (request) => {
  enabled();
  const run = runOf(request);
  const partRaw = new URL(request.url).searchParams.get("part") ?? "";
  const sha256 = request.headers.get("x-part-sha256") ?? "";
  const length = request.headers.get("content-length") ?? "";
  if (!/^[1-9]\d{0,5}$/.test(partRaw) || !sha256Wire.safeParse(sha256).success || !/^\d+$/.test(length) || !request.body) {
    await request.body?.cancel().catch(() => undefined);
    throw new AppError("invalid_input");
  }
  const size = Number(length);
  if (size > MAX_PART) {
    await request.body.cancel().catch(() => undefined);
    throw new AppError("too_large", "request.tooLarge");
  }
  const digest = fromBase64url(sha256);
  const key = `${prefixOf(run)}${Number(partRaw)}/${Buffer.from(digest).toString("hex")}`;
  try {
    await blobStore().put({ key, body: request.body, size, sha256: digest });
  } catch (error) {
    if (error instanceof BlobRejected) throw new AppError(error.reason === "too_long" ? "too_large" : "invalid_input");
    throw error;
  }
  return NextResponse.json({ bytes: size }, { status: 201, headers: { "Cache-Control": "no-store" } });
});

/** Removes the run's blobs; answers how many there were and how many remain (0 unless the store failed to delete). */
export const DELETE = guardedRoute("bench.plain_upload", async (request) => {
  enabled();
  const prefix = prefixOf(runOf(request));
  const store = blobStore();
  const stored = (await store.list(prefix)).length;
  await store.deletePrefix(prefix);
  const remaining = (await store.list(prefix)).length;
  return NextResponse.json({ stored, remaining }, { headers: { "Cache-Control": "no-store" } });
});
