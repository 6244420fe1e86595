/**
 * Download and decrypt: the whole file or a typed error, never a prefix —
 * an altered byte or header is "damaged", a short stream "truncated", a file
 * that decrypts but is not the signed one "hash_mismatch" — for segmented
 * (0x02) files, where the error names the part, and for the 0x01 files
 * stored before them. And the uploader's signature: "valid", "broken" for
 * anything changed, "unknown_key".
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Signer } from "@/lib/cases/schema";
import { signCanonical } from "@/lib/crypto/signatures";
import { concatBytes, toBase64url } from "@/lib/crypto/encoding";
import { newFileKey } from "@/lib/crypto/file-key";
import { encryptFile, encryptFileSegment, FILE_CHUNK_BYTES, FILE_CIPHER_CHUNK_BYTES, FILE_HEADER_BYTES, FILE_SEGMENT_BYTES, FILE_SEGMENT_CIPHER_BYTES } from "@/lib/crypto/file-stream";
import { sha256 } from "@/lib/crypto/sha256";
import { encryptFileV1ForTests, flipByte } from "@/lib/crypto/test-support";
import { generateUserKeyPairs, type UserKeyPairs } from "@/lib/crypto/user-keys";
import { checkEvidenceSignature, downloadEvidence, DownloadError, verifyEvidenceSignature, type DownloadProgress, type EvidenceSignatureRow } from "./download-client";
import { evidenceStatement, type EvidenceMeta } from "./schema";

const caseId = crypto.randomUUID();
const evidenceId = crypto.randomUUID();

let plaintext: Uint8Array;
let ciphertext: Uint8Array;
let meta: EvidenceMeta;

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  return out;
}

/** A version 0x01 file (one stream), as stored before segments; its header goes in the metadata. */
async function encrypt(data: Uint8Array, fileKey: Uint8Array): Promise<{ header: Uint8Array; ciphertext: Uint8Array }> {
  return encryptFileV1ForTests(data, fileKey);
}

/** A fetch that serves `bytes` in pieces of `piece` bytes, or breaks after `breakAt` bytes. */
function serve(bytes: Uint8Array, options: { piece?: number; status?: number; breakAt?: number; accessStatus?: number } = {}) {
  const requests: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    requests.push(`${init?.method ?? "GET"} ${String(input)}${typeof init?.body === "string" ? ` ${init.body}` : ""}`);
    if (String(input).endsWith("/access")) return new Response(null, { status: options.accessStatus ?? 204 });
    if (options.status) return Response.json({ error: "not_found" }, { status: options.status });
    const piece = options.piece ?? 70_001;
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (options.breakAt !== undefined && offset >= options.breakAt) {
          controller.error(new TypeError("network connection lost"));
          return;
        }
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + piece));
        offset += piece;
      },
    });
    return new Response(stream);
  };
  return { fetchImpl, requests };
}

async function download(bytes: Uint8Array, withMeta: EvidenceMeta = meta, options: Parameters<typeof serve>[1] = {}) {
  const { fetchImpl } = serve(bytes, options);
  return downloadEvidence({ caseId, evidenceId, meta: withMeta, purpose: "download", fetch: fetchImpl });
}

/** Asserts a DownloadError with `code` and that no Blob came back. */
async function expectDownloadError(action: Promise<Blob>, code: DownloadError["code"]): Promise<DownloadError> {
  let produced: Blob | undefined;
  let caught: unknown;
  try {
    produced = await action;
  } catch (error) {
    caught = error;
  }
  expect(produced, "no content may be returned on failure").toBeUndefined();
  expect(caught).toBeInstanceOf(DownloadError);
  expect((caught as DownloadError).code).toBe(code);
  return caught as DownloadError;
}

beforeAll(async () => {
  const fileKey = await newFileKey();
  plaintext = randomBytes(5 * FILE_CHUNK_BYTES + 1234);
  const encrypted = await encrypt(plaintext, fileKey);
  ciphertext = encrypted.ciphertext;
  meta = {
    fileKey: toBase64url(fileKey),
    streamHeader: toBase64url(encrypted.header),
    name: "протокол.pdf",
    type: "application/pdf",
    size: plaintext.length,
    sha256: toBase64url(await sha256(plaintext)),
    capturedAt: "",
    source: "",
    description: "",
    tags: [],
  };
});

describe("downloadEvidence, a segmented (0x02) file", () => {
  let key: Uint8Array;
  let data: Uint8Array; // 3 segments: parts of one segment each
  let file: Uint8Array;
  let segmented: EvidenceMeta;
  const seg = (i: number) => file.subarray(i * FILE_SEGMENT_CIPHER_BYTES, Math.min(file.length, (i + 1) * FILE_SEGMENT_CIPHER_BYTES));

  beforeAll(async () => {
    key = await newFileKey();
    data = randomBytes(2 * FILE_SEGMENT_BYTES + 3 * FILE_CHUNK_BYTES + 99);
    file = await encryptFile(data, key);
    segmented = { ...meta, fileKey: toBase64url(key), size: data.length, sha256: toBase64url(await sha256(data)) };
    delete segmented.streamHeader; // 0x02: no file header in the metadata
  });

  it("streams, decrypts and checks, in any network pieces; the edges too (empty, exactly one segment, one byte more)", async () => {
    for (const piece of [9_999, FILE_SEGMENT_CIPHER_BYTES, 3_000_000]) {
      const blob = await download(file, segmented, { piece });
      expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(data))).toBe(true);
    }
    for (const size of [0, FILE_SEGMENT_BYTES, FILE_SEGMENT_BYTES + 1]) {
      const bytes = randomBytes(size);
      const sized = { ...segmented, size, sha256: toBase64url(await sha256(bytes)) };
      const blob = await download(await encryptFile(bytes, key), sized, { piece: 1_000_000 });
      expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it("names the part where an altered byte is found", async () => {
    for (const [index, part] of [[3, 1], [FILE_SEGMENT_CIPHER_BYTES + 1, 2], [FILE_SEGMENT_CIPHER_BYTES + 5000, 2], [file.length - 1, 3]] as const) {
      const error = await expectDownloadError(download(flipByte(file, index), segmented), "damaged");
      expect(error.partNumber, `byte ${index}`).toBe(part);
    }
  });

  it("reordered, duplicated or swapped-in segments are 'damaged' at the first part out of place", async () => {
    expect((await expectDownloadError(download(concatBytes(seg(1), seg(0), seg(2)), segmented), "damaged")).partNumber).toBe(1);
    expect((await expectDownloadError(download(concatBytes(seg(0), seg(0), seg(2)), segmented), "damaged")).partNumber).toBe(2);
    // The same segment re-encrypted (a fresh header, a valid stream) in its place is fine: parts authenticate alone.
    const again = await encryptFileSegment(key, 1, false, data.subarray(FILE_SEGMENT_BYTES, 2 * FILE_SEGMENT_BYTES));
    const blob = await download(concatBytes(seg(0), again, seg(2)), segmented);
    expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(data))).toBe(true);
    // Another file's segment (another key) is not.
    const foreign = await encryptFileSegment(await newFileKey(), 1, false, data.subarray(FILE_SEGMENT_BYTES, 2 * FILE_SEGMENT_BYTES));
    expect((await expectDownloadError(download(concatBytes(seg(0), foreign, seg(2)), segmented), "damaged")).partNumber).toBe(2);
  });

  it("a file cut at a segment boundary is 'truncated' at the missing part; anything appended is 'damaged'", async () => {
    expect((await expectDownloadError(download(concatBytes(seg(0), seg(1)), segmented), "truncated")).partNumber).toBe(3);
    expect((await expectDownloadError(download(seg(0), segmented), "truncated")).partNumber).toBe(2);
    await expectDownloadError(download(concatBytes(file, await encryptFileSegment(key, 3, true, new Uint8Array(5))), segmented), "damaged");
    // Dropping the middle segment and announcing the shorter size: the last segment present was not sealed at index 1.
    const shorter = { ...segmented, size: FILE_SEGMENT_BYTES + (data.length - 2 * FILE_SEGMENT_BYTES) };
    await expectDownloadError(download(concatBytes(seg(0), seg(2)), shorter), "damaged");
  });

  it("the version the metadata records must be the file's: a 0x02 file under a 0x01 header, or the reverse, is 'damaged'", async () => {
    const v1 = await encrypt(data.subarray(0, 5000), key);
    await expectDownloadError(download(file, { ...segmented, streamHeader: toBase64url(v1.header) }), "damaged");
    await expectDownloadError(download(v1.ciphertext, { ...segmented, size: 5000 }), "damaged");
  });

  it("decrypts but is not the signed file: 'hash_mismatch'", async () => {
    await expectDownloadError(download(file, { ...segmented, sha256: toBase64url(await sha256(randomBytes(10))) }), "hash_mismatch");
  });
});

describe("downloadEvidence, a 0x01 file (stored before segments)", () => {
  it("streams, decrypts and checks; resolves with the whole file typed as in its metadata", async () => {
    const { fetchImpl, requests } = serve(ciphertext, { piece: 9_999 });
    const progress: DownloadProgress[] = [];
    const blob = await downloadEvidence({ caseId, evidenceId, meta, purpose: "preview", fetch: fetchImpl, onProgress: (p) => progress.push(p) });
    expect(blob.type).toBe("application/pdf");
    expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(plaintext))).toBe(true);
    // The GET carries no purpose and records nothing; the custody POST follows the checks.
    expect(requests).toEqual([`GET /api/cases/${caseId}/evidence/${evidenceId}/content`, `POST /api/cases/${caseId}/evidence/${evidenceId}/access {"purpose":"preview"}`]);
    expect(progress.at(-1)).toEqual({ bytesReceived: ciphertext.length, bytesTotal: ciphertext.length });
  });

  it("handles the edges: empty file, exactly one chunk, chunk-aligned network pieces", async () => {
    for (const size of [0, FILE_CHUNK_BYTES, 2 * FILE_CHUNK_BYTES]) {
      const data = randomBytes(size);
      const fileKey = await newFileKey();
      const encrypted = await encrypt(data, fileKey);
      const sized = { ...meta, fileKey: toBase64url(fileKey), streamHeader: toBase64url(encrypted.header), size, sha256: toBase64url(await sha256(data)) };
      for (const piece of [1, FILE_CIPHER_CHUNK_BYTES, 1_000_000]) {
        const blob = await download(encrypted.ciphertext, sized, { piece: piece === 1 ? 4093 : piece });
        expect(blob.size, `size ${size}, piece ${piece}`).toBe(size);
        expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(data))).toBe(true);
      }
    }
  });

  it("an altered byte anywhere is 'damaged'", async () => {
    for (const index of [0, 5, FILE_HEADER_BYTES + 3, FILE_HEADER_BYTES + FILE_CIPHER_CHUNK_BYTES * 2 + 100, -1]) {
      await expectDownloadError(download(flipByte(ciphertext, index)), "damaged");
    }
  });

  it("reordered chunks, another file's stream and extra bytes are 'damaged'", async () => {
    const header = ciphertext.subarray(0, FILE_HEADER_BYTES);
    const chunk = (i: number) => ciphertext.subarray(FILE_HEADER_BYTES + i * FILE_CIPHER_CHUNK_BYTES, FILE_HEADER_BYTES + (i + 1) * FILE_CIPHER_CHUNK_BYTES);
    const swapped = concatBytes(header, chunk(1), chunk(0), ciphertext.subarray(FILE_HEADER_BYTES + 2 * FILE_CIPHER_CHUNK_BYTES));
    await expectDownloadError(download(swapped), "damaged");
    const other = await encrypt(plaintext, await newFileKey());
    await expectDownloadError(download(other.ciphertext), "damaged");
    await expectDownloadError(download(concatBytes(ciphertext, Uint8Array.of(0))), "damaged");
  });

  it("a stream that ends early is 'truncated': last chunk dropped, cut mid-chunk, header only, nothing, connection lost", async () => {
    await expectDownloadError(download(ciphertext.subarray(0, ciphertext.length - (1234 + 17))), "truncated");
    await expectDownloadError(download(ciphertext.subarray(0, ciphertext.length - 5)), "truncated");
    await expectDownloadError(download(ciphertext.subarray(0, FILE_HEADER_BYTES)), "truncated");
    await expectDownloadError(download(ciphertext.subarray(0, 10)), "truncated");
    await expectDownloadError(download(new Uint8Array()), "truncated");
    await expectDownloadError(download(ciphertext, meta, { breakAt: 200_000 }), "truncated");
  });

  it("a file that decrypts but is not the signed one is 'hash_mismatch'", async () => {
    const wrong = toBase64url(await sha256(randomBytes(10)));
    await expectDownloadError(download(ciphertext, { ...meta, sha256: wrong }), "hash_mismatch");
    await expectDownloadError(download(ciphertext, { ...meta, sha256: "" }), "hash_mismatch");
  });

  it("metadata announcing another size: a longer one makes the stream 'truncated', a shorter one 'damaged'", async () => {
    await expectDownloadError(download(ciphertext, { ...meta, size: meta.size + 1 }), "truncated");
    await expectDownloadError(download(ciphertext, { ...meta, size: meta.size - 1 }), "damaged");
  });

  it("an HTTP error or a network failure is 'unavailable'", async () => {
    await expectDownloadError(download(ciphertext, meta, { status: 404 }), "unavailable");
    const failing: typeof fetch = async () => {
      throw new TypeError("offline");
    };
    await expectDownloadError(downloadEvidence({ caseId, evidenceId, meta, purpose: "download", fetch: failing }), "unavailable");
  });

  it("a file that fails its checks is not recorded in the chain of custody", async () => {
    const wrong = toBase64url(await sha256(randomBytes(10)));
    const { fetchImpl, requests } = serve(ciphertext);
    await expectDownloadError(downloadEvidence({ caseId, evidenceId, meta: { ...meta, sha256: wrong }, purpose: "download", fetch: fetchImpl }), "hash_mismatch");
    expect(requests).toEqual([`GET /api/cases/${caseId}/evidence/${evidenceId}/content`]);
  });

  it("hands over no content when the server did not record the download ('unavailable')", async () => {
    await expectDownloadError(download(ciphertext, meta, { accessStatus: 503 }), "unavailable");
    await expectDownloadError(download(ciphertext, meta, { accessStatus: 403 }), "unavailable");
  });
});

describe("verifyEvidenceSignature", () => {
  let uploader: UserKeyPairs;
  let former: UserKeyPairs;
  let row: EvidenceSignatureRow;
  let signers: Signer[];
  const uploaderId = crypto.randomUUID();

  beforeAll(async () => {
    uploader = await generateUserKeyPairs();
    former = await generateUserKeyPairs();
    const signedAt = "2026-12-01T09:30:00.123Z";
    const statement = evidenceStatement({ evidenceId, caseId, uploaderId, sha256: meta.sha256, size: meta.size, signedAt });
    row = { id: evidenceId, caseId, uploaderId, signature: toBase64url(await signCanonical(statement, uploader.ed25519.privateKey)), signedAt };
    signers = [
      { userId: crypto.randomUUID(), signPublicKey: toBase64url((await generateUserKeyPairs()).ed25519.publicKey) },
      { userId: uploaderId, signPublicKey: toBase64url(former.ed25519.publicKey) },
      { userId: uploaderId, signPublicKey: toBase64url(uploader.ed25519.publicKey) },
    ];
  });

  it("is valid under one of the uploader's keys (a former one tried too)", async () => {
    expect(await verifyEvidenceSignature(meta, row, signers)).toBe("valid");
  });

  it("names the key that verified, and none when the check fails", async () => {
    const current = toBase64url(uploader.ed25519.publicKey);
    expect(await checkEvidenceSignature(meta, row, signers)).toEqual({ state: "valid", signer: { userId: uploaderId, signPublicKey: current } });
    expect(await checkEvidenceSignature({ ...meta, size: meta.size + 1 }, row, signers)).toEqual({ state: "broken", signer: null });
    expect(await checkEvidenceSignature(meta, row, [])).toEqual({ state: "unknown_key", signer: null });
  });

  it("is broken when the hash, size, time, case, id or signature differ", async () => {
    const otherHash = toBase64url(await sha256(Uint8Array.of(1)));
    expect(await verifyEvidenceSignature({ ...meta, sha256: otherHash }, row, signers)).toBe("broken");
    expect(await verifyEvidenceSignature({ ...meta, size: meta.size + 1 }, row, signers)).toBe("broken");
    expect(await verifyEvidenceSignature(meta, { ...row, signedAt: "2026-12-01T09:30:01.123Z" }, signers)).toBe("broken");
    expect(await verifyEvidenceSignature(meta, { ...row, caseId: crypto.randomUUID() }, signers)).toBe("broken");
    expect(await verifyEvidenceSignature(meta, { ...row, id: crypto.randomUUID() }, signers)).toBe("broken");
    expect(await verifyEvidenceSignature(meta, { ...row, signature: "A".repeat(86) }, signers)).toBe("broken");
    expect(await verifyEvidenceSignature(meta, { ...row, signature: "not base64url!" }, signers)).toBe("broken");
    expect(await verifyEvidenceSignature(meta, { ...row, signature: null }, signers)).toBe("broken");
  });

  it("is unknown_key when none of the uploader's keys is known (another member's key does not count)", async () => {
    expect(await verifyEvidenceSignature(meta, row, signers.filter((s) => s.userId !== uploaderId))).toBe("unknown_key");
    expect(await verifyEvidenceSignature(meta, row, [])).toBe("unknown_key");
  });

  it("a signature by someone else listed as the uploader's key is broken", async () => {
    const impostor = await generateUserKeyPairs();
    const statement = evidenceStatement({ evidenceId, caseId, uploaderId, sha256: meta.sha256, size: meta.size, signedAt: row.signedAt ?? "" });
    const forged = { ...row, signature: toBase64url(await signCanonical(statement, impostor.ed25519.privateKey)) };
    expect(await verifyEvidenceSignature(meta, forged, signers)).toBe("broken");
  });
});
