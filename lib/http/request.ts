import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

// The HTTP edge of route handlers: reading request bodies with a hard cap,
// checking them against a wire schema, answering JSON nothing may cache.
// Bodies: never more than `max + 1` bytes are held, whatever the client
// declares or sends. The stream is cancelled as soon as it passes the cap,
// so an oversize body costs the server nothing.

/**
 * The whole body if it is at most `max` bytes; AppError("too_large", reason)
 * as soon as it is longer (or declares itself longer in Content-Length).
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  max: number,
  { contentLength = null, reason }: { contentLength?: string | null; reason: string },
): Promise<Uint8Array> {
  if (contentLength !== null && /^\d+$/.test(contentLength) && Number(contentLength) > max) {
    await body?.cancel().catch(() => undefined);
    throw new AppError("too_large", reason);
  }
  const out = new Uint8Array(max);
  if (!body) return out.subarray(0, 0);
  const reader = body.getReader();
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.byteLength > max) {
        await reader.cancel().catch(() => undefined);
        throw new AppError("too_large", reason);
      }
      out.set(value, length);
      length += value.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  return out.subarray(0, length);
}

/** A JSON body of at most `max` bytes, parsed (malformed JSON is invalid input). */
export async function readJson(request: Request, max: number): Promise<unknown> {
  const bytes = await readCapped(request.body, max, { contentLength: request.headers.get("content-length"), reason: "request.tooLarge" });
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new AppError("invalid_input", "request.json");
  }
}

/** A wire schema's verdict on `input`: the parsed value, or invalid input named by the first issue's i18n key. */
export function parseWire<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const key = parsed.error.issues.map((i) => i.message).find((m) => /^[a-z]+\.[A-Za-z.]+$/.test(m));
  throw new AppError("invalid_input", key ?? "request.invalid");
}

/** A JSON answer nothing may cache. */
export function jsonNoStore(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store" } });
}
