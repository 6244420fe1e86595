import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectAppError } from "@/lib/testing/case-fixtures";
import { parseWire, readCapped, readJson } from "./request";

/** A body that never ends, in 64 KiB chunks; counts how many chunks were pulled. */
function endlessBody() {
  const pulled = { chunks: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled.chunks++;
      controller.enqueue(new Uint8Array(64 * 1024).fill(7));
    },
  });
  return { stream, pulled };
}

function bodyOf(...chunks: Uint8Array[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

describe("readCapped", () => {
  it("stops reading a body that runs past the cap (an endless body costs at most cap + one chunk)", async () => {
    const { stream, pulled } = endlessBody();
    await expectAppError(readCapped(stream, 1024 * 1024, { reason: "evidence.partSize" }), "too_large", "evidence.partSize");
    // 16 chunks fill 1 MiB exactly; the 17th passes the cap and the stream is cancelled (one more may be queued).
    expect(pulled.chunks).toBeLessThanOrEqual(18);
  });

  it("refuses a declared Content-Length over the cap without reading", async () => {
    const { stream, pulled } = endlessBody();
    await expectAppError(readCapped(stream, 1000, { contentLength: "1001", reason: "x.y" }), "too_large", "x.y");
    expect(pulled.chunks).toBeLessThanOrEqual(1);
  });

  it("does not trust a Content-Length under the cap: the bytes decide", async () => {
    await expectAppError(readCapped(bodyOf(new Uint8Array(600), new Uint8Array(600)), 1000, { contentLength: "10", reason: "x.y" }), "too_large");
  });

  it("returns exactly the body when it fits, across chunks; an empty body is empty", async () => {
    const body = await readCapped(bodyOf(new Uint8Array([1, 2]), new Uint8Array([3])), 3, { reason: "x.y" });
    expect([...body]).toEqual([1, 2, 3]);
    expect((await readCapped(null, 3, { reason: "x.y" })).length).toBe(0);
  });
});

describe("readJson and parseWire", () => {
  it("answers malformed JSON and oversize bodies as clear refusals", async () => {
    const post = (body: string) => new Request("http://localhost/x", { method: "POST", body });
    await expectAppError(readJson(post("{nope"), 100), "invalid_input", "request.json");
    await expectAppError(readJson(post(JSON.stringify({ a: "x".repeat(200) })), 100), "too_large");
    expect(await readJson(post('{"a":1}'), 100)).toEqual({ a: 1 });
  });

  it("names the first i18n key among the schema's issues", () => {
    expect(() => parseWire(z.object({ a: z.string().min(2, "field.short") }), { a: "" })).toThrow("field.short");
    expect(() => parseWire(z.object({ a: z.string() }), {})).toThrow("request.invalid");
  });
});
