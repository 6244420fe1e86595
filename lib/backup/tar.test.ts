import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { decodeHeader, encodeHeader, readTar, TarFormatError, TarWriter, type TarEntry } from "./tar";

async function collect(stream: PassThrough): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function write(entries: { name: string; data?: Buffer }[]): Promise<Buffer> {
  const out = new PassThrough();
  const done = collect(out);
  const tar = new TarWriter(out);
  for (const e of entries) {
    if (e.data) await tar.file(e.name, e.data.length, 0o600, [e.data]);
    else await tar.directory(e.name);
  }
  await tar.finish();
  out.end();
  return done;
}

async function read(archive: Buffer, chunkSize = 700): Promise<{ entry: TarEntry; data: Buffer }[]> {
  async function* chunks() {
    for (let i = 0; i < archive.length; i += chunkSize) yield archive.subarray(i, i + chunkSize);
  }
  const out: { entry: TarEntry; data: Buffer }[] = [];
  await readTar(chunks(), async (entry, body) => {
    const parts: Buffer[] = [];
    for await (const part of body) parts.push(part);
    out.push({ entry, data: Buffer.concat(parts) });
  });
  return out;
}

describe("tar", () => {
  it("round-trips files of awkward sizes, folders and long paths, read in odd-sized chunks", async () => {
    const long = `data/${"a".repeat(90)}/${"b".repeat(90)}/file`;
    const entries = [
      { name: "data" },
      { name: "data/empty", data: Buffer.alloc(0) },
      { name: "data/one", data: randomBytes(1) },
      { name: "data/block", data: randomBytes(512) },
      { name: "data/block-and-one", data: randomBytes(513) },
      { name: "data/big", data: randomBytes(3 * 1024 * 1024 + 17) },
      { name: long, data: Buffer.from("deep") },
    ];
    const archive = await write(entries);
    const back = await read(archive);
    expect(back.map((b) => b.entry.name)).toEqual(entries.map((e) => e.name));
    for (const [i, e] of entries.entries()) {
      if (e.data) expect(back[i]!.data.equals(e.data)).toBe(true);
      else expect(back[i]!.entry.type).toBe("directory");
    }
  });

  it("refuses a path that does not fit a ustar header", () => {
    expect(() => encodeHeader({ name: `${"x".repeat(200)}/${"y".repeat(101)}`, type: "file", size: 0, mode: 0o600 })).toThrow(TarFormatError);
  });

  it("encodes sizes past 8 GiB in base-256", () => {
    const size = 10 * 1024 ** 3 + 5;
    expect(decodeHeader(encodeHeader({ name: "huge", type: "file", size, mode: 0o600 }))?.size).toBe(size);
  });

  it("refuses a header whose checksum does not match", async () => {
    const archive = await write([{ name: "data/file", data: Buffer.from("x") }]);
    archive[10] = 0x41; // inside the name field
    await expect(read(archive)).rejects.toThrow(/checksum/);
  });

  it("refuses an archive cut short, in a body or before the end blocks", async () => {
    const archive = await write([{ name: "data/file", data: randomBytes(5000) }]);
    await expect(read(archive.subarray(0, 2000))).rejects.toThrow(/truncated/);
    await expect(read(archive.subarray(0, 512 + 5120))).rejects.toThrow(/truncated/);
  });

  it("refuses a body that does not have the size its header declared", async () => {
    const tar = new TarWriter(new PassThrough());
    await expect(tar.file("data/f", 10, 0o600, [Buffer.alloc(4)])).rejects.toThrow(/shrank/);
    await expect(new TarWriter(new PassThrough()).file("data/f", 2, 0o600, [Buffer.alloc(4)])).rejects.toThrow(/grew/);
  });
});
