/**
 * Evidence schema: the ciphertext size formula against the real encryptor,
 * part plans at their edges, the sealed metadata's rules (path-like names,
 * types, dates, tags, key formats) and the signed statement.
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { toBase64url } from "@/lib/crypto/encoding";
import { newFileKey } from "@/lib/crypto/file-key";
import { encryptFile, FILE_CHUNK_BYTES, FILE_CIPHER_CHUNK_BYTES, FILE_HEADER_BYTES, FILE_SEGMENT_BYTES, FILE_SEGMENT_CIPHER_BYTES } from "@/lib/crypto/file-stream";
import { encryptFileV1ForTests } from "@/lib/crypto/test-support";
import {
  cipherSize,
  DEFAULT_PART_BYTES,
  EVIDENCE_STATEMENT_TYPE,
  EvidenceStatementError,
  evidenceDetailsSchema,
  evidenceMetaSchema,
  evidenceStatement,
  finalEvidenceMetaSchema,
  legacyCipherSize,
  MAX_PART_BYTES,
  MIN_PART_BYTES,
  planParts,
  plainSizeOf,
  SEGMENT_BYTES,
  SEGMENT_CIPHER_BYTES,
  STREAM_CHUNK_BYTES,
  STREAM_CHUNK_OVERHEAD,
  STREAM_HEADER_BYTES,
  uploadStatusSchema,
  type EvidenceMetaInput,
} from "./schema";

const MIB = 1024 * 1024;
const K = STREAM_CHUNK_BYTES;

describe("cipherSize", () => {
  it("uses the same layout constants as lib/crypto/file-stream.ts", () => {
    expect(STREAM_HEADER_BYTES).toBe(FILE_HEADER_BYTES);
    expect(STREAM_CHUNK_BYTES).toBe(FILE_CHUNK_BYTES);
    expect(STREAM_CHUNK_BYTES + STREAM_CHUNK_OVERHEAD).toBe(FILE_CIPHER_CHUNK_BYTES);
    expect(SEGMENT_BYTES).toBe(FILE_SEGMENT_BYTES);
    expect(SEGMENT_CIPHER_BYTES).toBe(FILE_SEGMENT_CIPHER_BYTES);
    // One part is one segment.
    expect(DEFAULT_PART_BYTES).toBe(SEGMENT_CIPHER_BYTES);
  });

  it("is exactly the length encryptFile produces, at every chunk and segment edge", async () => {
    const key = await newFileKey();
    const S = SEGMENT_BYTES;
    for (const size of [0, 1, K - 1, K, K + 1, 2 * K, 3 * K + 5, S - 1, S, S + 1, 2 * S + K]) {
      const encrypted = await encryptFile(new Uint8Array(size), key);
      expect(cipherSize(size), `size ${size}`).toBe(encrypted.length);
    }
  });

  it("legacyCipherSize is the length of a version 0x01 file", async () => {
    const key = await newFileKey();
    for (const size of [0, 1, K, K + 1, SEGMENT_BYTES + 3]) {
      expect(legacyCipherSize(size), `size ${size}`).toBe((await encryptFileV1ForTests(new Uint8Array(size), key)).ciphertext.length);
    }
  });

  it("empty file: header + one empty FINAL chunk; exactly 64 KiB: one full FINAL chunk, no empty one; a header per 4 MiB segment", () => {
    expect(cipherSize(0)).toBe(25 + 17);
    expect(cipherSize(K)).toBe(25 + K + 17);
    expect(cipherSize(K + 1)).toBe(25 + K + 1 + 2 * 17);
    expect(cipherSize(SEGMENT_BYTES)).toBe(SEGMENT_CIPHER_BYTES);
    expect(cipherSize(SEGMENT_BYTES + 1)).toBe(SEGMENT_CIPHER_BYTES + 25 + 1 + 17);
    expect(cipherSize(2 * 1024 * MIB)).toBe(512 * 25 + 2 * 1024 * MIB + 32768 * 17);
    expect(legacyCipherSize(2 * 1024 * MIB)).toBe(25 + 2 * 1024 * MIB + 32768 * 17);
  });

  it("plainSizeOf inverts it, and refuses lengths no plaintext encrypts to", () => {
    for (const size of [0, 1, K - 1, K, K + 1, 5 * K, SEGMENT_BYTES, SEGMENT_BYTES + 1, 10 * MIB + 3]) expect(plainSizeOf(cipherSize(size))).toBe(size);
    expect(plainSizeOf(0)).toBeNull();
    expect(plainSizeOf(41)).toBeNull();
    expect(plainSizeOf(25 + K + 17 + 17)).toBeNull(); // a full chunk followed by an empty chunk is not our layout
    expect(plainSizeOf(SEGMENT_CIPHER_BYTES + 42)).toBeNull(); // nor a full segment followed by an empty one
  });

  it("refuses negative, fractional or unsafe sizes", () => {
    expect(() => cipherSize(-1)).toThrow(RangeError);
    expect(() => cipherSize(1.5)).toThrow(RangeError);
    expect(() => cipherSize(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});

describe("planParts", () => {
  it("one short part for a small file (even the empty one)", () => {
    const plan = planParts(cipherSize(0));
    expect(plan).toEqual({ size: 42, partSize: DEFAULT_PART_BYTES, partCount: 1, parts: [{ partNumber: 1, offset: 0, size: 42 }] });
  });

  it("exactly N parts when the size is a multiple of the part size", () => {
    const plan = planParts(3 * MIB, MIB);
    expect(plan.partCount).toBe(3);
    expect(plan.parts.map((p) => [p.partNumber, p.offset, p.size])).toEqual([
      [1, 0, MIB],
      [2, MIB, MIB],
      [3, 2 * MIB, MIB],
    ]);
  });

  it("multi-part: parts numbered from 1, contiguous, the last one shorter, summing to the size", () => {
    const size = cipherSize(10 * MIB + 123);
    const plan = planParts(size);
    expect(plan.partCount).toBe(3);
    let offset = 0;
    for (const [i, part] of plan.parts.entries()) {
      expect(part.partNumber).toBe(i + 1);
      expect(part.offset).toBe(offset);
      offset += part.size;
    }
    expect(offset).toBe(size);
    expect(plan.parts.at(-1)?.size).toBe(size - 2 * DEFAULT_PART_BYTES);
    expect(plan.parts.slice(0, -1).every((p) => p.size === DEFAULT_PART_BYTES)).toBe(true);
  });

  it("one byte over a multiple makes a 1-byte last part", () => {
    const plan = planParts(2 * MIB + 1, MIB);
    expect(plan.parts.map((p) => p.size)).toEqual([MIB, MIB, 1]);
  });

  it("refuses part sizes outside 1 MiB – one segment and sizes no ciphertext has", () => {
    expect(() => planParts(10 * MIB, MIN_PART_BYTES - 1)).toThrow(RangeError);
    expect(() => planParts(10 * MIB, MAX_PART_BYTES + 1)).toThrow(RangeError);
    expect(() => planParts(10 * MIB, 1.5 * MIB + 0.5)).toThrow(RangeError);
    expect(() => planParts(41)).toThrow(RangeError);
    expect(() => planParts(-5)).toThrow(RangeError);
  });
});

// ---- metadata ----

const KEY = toBase64url(new Uint8Array(32).fill(7));
const HEADER = toBase64url(Uint8Array.of(1, ...new Uint8Array(24).fill(9)));
const SHA = toBase64url(new Uint8Array(32).fill(3));

const meta: EvidenceMetaInput = {
  fileKey: KEY,
  streamHeader: HEADER,
  name: "фото побоев 01.jpg",
  type: "image/jpeg",
  size: 12345,
  sha256: "",
  capturedAt: "2024-03-08",
  source: "Передано сестрой, Signal, 9 марта",
  description: "Синяки на спине после допроса",
  tags: ["photo", "injury"],
};

function issues(value: unknown, schema: z.ZodType = evidenceMetaSchema): string[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

describe("evidenceMetaSchema", () => {
  it("accepts version-1 metadata (no hash yet) and version 2 (hash filled)", () => {
    expect(evidenceMetaSchema.parse(meta)).toEqual(meta);
    expect(evidenceMetaSchema.parse({ ...meta, sha256: SHA }).sha256).toBe(SHA);
    expect(issues(meta, finalEvidenceMetaSchema)).toEqual(["evidence.hashFormat"]);
    expect(finalEvidenceMetaSchema.parse({ ...meta, sha256: SHA }).sha256).toBe(SHA);
  });

  it("keeps only the last path segment of a name, for / and \\ alike", () => {
    const name = (input: string) => evidenceMetaSchema.parse({ ...meta, name: input }).name;
    expect(name("C:\\Users\\Мария\\Desktop\\акт.pdf")).toBe("акт.pdf");
    expect(name("../../etc/passwd")).toBe("passwd");
    expect(name("/var/tmp/scan 2.png")).toBe("scan 2.png");
    expect(name("  report.pdf  ")).toBe("report.pdf");
    expect(name("a/b\\c/d.txt")).toBe("d.txt");
  });

  it("refuses names that are empty after stripping, dots, control characters or too long", () => {
    for (const bad of ["", "   ", "dir/", "C:\\dir\\", ".", "..", "a/.."]) expect(issues({ ...meta, name: bad }), JSON.stringify(bad)).toEqual(["evidence.nameRequired"]);
    expect(issues({ ...meta, name: "a\u0000b.jpg" })).toEqual(["evidence.nameInvalid"]);
    expect(issues({ ...meta, name: "line\nbreak.txt" })).toEqual(["evidence.nameInvalid"]);
    expect(issues({ ...meta, name: "x".repeat(501) })).toEqual(["text.tooLong"]);
    expect(issues({ ...meta, name: `dir/${"x".repeat(500)}` })).toEqual([]);
  });

  it("MIME type: unknown becomes application/octet-stream, odd ones are refused", () => {
    const type = (input: string) => evidenceMetaSchema.parse({ ...meta, type: input }).type;
    expect(type("")).toBe("application/octet-stream");
    expect(type("Application/PDF")).toBe("application/pdf");
    expect(type("audio/ogg; codecs=opus")).toBe("audio/ogg; codecs=opus");
    expect(issues({ ...meta, type: "jpeg" })).toEqual(["evidence.typeFormat"]);
    expect(issues({ ...meta, type: "text/html<script>" })).toEqual(["evidence.typeFormat"]);
    expect(issues({ ...meta, type: `image/${"x".repeat(200)}` })).toEqual(["text.tooLong"]);
  });

  it("capture date is empty or a real YYYY-MM-DD", () => {
    expect(issues({ ...meta, capturedAt: "" })).toEqual([]);
    for (const bad of ["2024-02-30", "2024-3-8", "08.03.2024", "2024-03", "1800-01-01"]) expect(issues({ ...meta, capturedAt: bad }), bad).toEqual(["evidence.dateFormat"]);
    expect(issues({ ...meta, capturedAt: "2024-02-29" })).toEqual([]);
  });

  it("source, description and tags have limits; duplicate tags collapse", () => {
    expect(issues({ ...meta, source: "x".repeat(2001) })).toEqual(["text.tooLong"]);
    expect(issues({ ...meta, description: "x".repeat(20_001) })).toEqual(["text.tooLong"]);
    expect(issues({ ...meta, description: "x".repeat(20_000) })).toEqual([]);
    expect(issues({ ...meta, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) })).toEqual(["evidence.tooManyTags"]);
    expect(issues({ ...meta, tags: ["ok", " "] })).toEqual(["evidence.tagEmpty"]);
    expect(issues({ ...meta, tags: ["x".repeat(101)] })).toEqual(["text.tooLong"]);
    expect(evidenceMetaSchema.parse({ ...meta, tags: ["photo", " photo ", "медицина"] }).tags).toEqual(["photo", "медицина"]);
  });

  it("file key, header and hash are canonical base64url of the right length", () => {
    expect(issues({ ...meta, fileKey: KEY.slice(0, 42) })).toEqual(["evidence.keyFormat"]);
    expect(issues({ ...meta, fileKey: `${KEY.slice(0, 42)}B` })).toEqual(["evidence.keyFormat"]); // non-zero trailing bits
    expect(issues({ ...meta, fileKey: `${KEY}=` })).toEqual(["evidence.keyFormat"]);
    expect(issues({ ...meta, streamHeader: toBase64url(new Uint8Array(24)) })).toEqual(["evidence.keyFormat"]);
    // Absent for version 0x02 files (a header per segment, none for the file).
    const segmented: Record<string, unknown> = { ...meta };
    delete segmented.streamHeader;
    expect(issues(segmented)).toEqual([]);
    expect(issues({ ...meta, streamHeader: `${HEADER.slice(0, 33)}B` })).toEqual(["evidence.keyFormat"]);
    expect(issues({ ...meta, sha256: SHA.replace(/.$/, "+") })).toEqual(["evidence.hashFormat"]);
    expect(issues({ ...meta, size: -1 }).length).toBe(1);
    expect(issues({ ...meta, size: 1.5 }).length).toBe(1);
  });

  it("the form's details schema is the same rules without keys", () => {
    const details = { name: "x/y.jpg", type: "", capturedAt: "", source: "", description: "", tags: [] };
    expect(evidenceDetailsSchema.parse(details)).toEqual({ ...details, name: "y.jpg", type: "application/octet-stream" });
    expect(evidenceDetailsSchema.safeParse({ ...details, name: "" }).success).toBe(false);
  });
});

describe("evidenceStatement", () => {
  const place = {
    evidenceId: "2b1f7e0e-1c1a-4a36-9f64-3f1f4a0c8a11",
    caseId: "5d9c2a44-8c0f-4a4e-8f5b-0b5f3c2e9d77",
    uploaderId: "8f0e6c1a-3b2d-4c5e-9f70-112233445566",
    sha256: SHA,
    size: 12345,
    signedAt: "2026-12-01T10:00:00.000Z",
  };

  it("is exactly { type, evidenceId, caseId, uploaderId, sha256, size, signedAt }", () => {
    expect(evidenceStatement(place)).toEqual({ type: EVIDENCE_STATEMENT_TYPE, ...place });
    expect(Object.keys(evidenceStatement({ ...place, extra: "dropped" } as typeof place)).sort()).toEqual(
      ["caseId", "evidenceId", "sha256", "signedAt", "size", "type", "uploaderId"].sort(),
    );
  });

  it("refuses malformed fields", () => {
    expect(() => evidenceStatement({ ...place, evidenceId: "nope" })).toThrow(EvidenceStatementError);
    expect(() => evidenceStatement({ ...place, uploaderId: "" })).toThrow(EvidenceStatementError);
    expect(() => evidenceStatement({ ...place, sha256: "" })).toThrow(EvidenceStatementError);
    expect(() => evidenceStatement({ ...place, size: -1 })).toThrow(EvidenceStatementError);
    expect(() => evidenceStatement({ ...place, signedAt: "yesterday" })).toThrow(EvidenceStatementError);
    expect(() => evidenceStatement({ ...place, signedAt: "2026-12-01T10:00:00+02:00" })).toThrow(EvidenceStatementError);
  });
});

describe("uploadStatusSchema", () => {
  it("reads the status response, sizes as numbers or decimal strings", () => {
    const status = uploadStatusSchema.parse({ state: "uploading", size: "5000000", partSize: MIB, partCount: 5, parts: [{ partNumber: 1, size: MIB, sha256: SHA }] });
    expect(status.size).toBe(5_000_000);
    expect(uploadStatusSchema.safeParse({ state: "uploading", size: 1, partSize: MIB, partCount: 1, parts: [{ partNumber: 0, size: 1, sha256: SHA }] }).success).toBe(false);
  });
});
