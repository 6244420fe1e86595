/**
 * Downloading and decrypting evidence in the browser, and checking the
 * uploader's signature (issue 6).
 *
 * Must always hold:
 * - downloadEvidence returns the plaintext ONLY after the whole ciphertext
 *   was read, every chunk authenticated, the file ended with its last FINAL
 *   chunk at exactly the length the metadata announces, and the SHA-256 of
 *   the plaintext equals the metadata's (which the uploader signed). Anything
 *   else throws a DownloadError and nothing decrypted is returned or kept:
 *   "damaged" (an altered, reordered or extra byte or segment, another file's
 *   header), "truncated" (the stream ended early), "hash_mismatch" (decrypts,
 *   but is not the file that was signed), "unavailable" (HTTP or network
 *   failure).
 * - Both stream versions read (lib/crypto/file-stream.ts): the metadata says
 *   which — a streamHeader means a 0x01 file, which must start with exactly
 *   it; none means 0x02. In 0x02 each part is one segment and authenticates
 *   alone, so a "damaged" or "truncated" error names the part (`partNumber`,
 *   from 1) where it was found.
 * - The chain of custody: the GET of the ciphertext records nothing (a GET has
 *   no side effect); once the file is checked, a POST …/access records the
 *   preview or download, and only when the server has written it is the
 *   plaintext handed over. A file that failed its checks is never recorded.
 * - Memory: the ciphertext is consumed chunk by chunk (64 KiB + 17); the
 *   plaintext is gathered into Blob pieces every few MiB, which browsers may
 *   keep outside the JS heap. A caller wanting an inline preview gets the
 *   same Blob (type = the metadata's type).
 * - verifyEvidenceSignature rebuilds the statement from the evidence row
 *   (ids, signing time) and the decrypted metadata (plaintext SHA-256 and
 *   size): a signature that does not cover exactly those is "broken".
 */
import "client-only";
import { signerValidAt, type Signer } from "@/lib/cases/schema";
import { fromBase64url, toBase64url, wipe } from "@/lib/crypto/encoding";
import { isCryptoError } from "@/lib/crypto/errors";
import { ClientError } from "@/lib/errors/client-error";
import { createFileDecoder, FILE_STREAM_V1, FILE_STREAM_V2, type FileDecoder } from "@/lib/crypto/file-stream";
import { createSha256 } from "@/lib/crypto/sha256";
import { verifyCanonical } from "@/lib/crypto/signatures";
import { cipherSize, evidenceStatement, legacyCipherSize, SEGMENT_CIPHER_BYTES, type EvidenceMeta } from "./schema";

export type DownloadErrorCode = "damaged" | "truncated" | "hash_mismatch" | "unavailable";

export class DownloadError extends ClientError<DownloadErrorCode> {
  override readonly name = "DownloadError";

  /** Version 0x02 files: the part (= segment + 1) where the damage or the early end was found. */
  readonly partNumber: number | undefined;

  constructor(
    code: DownloadErrorCode,
    readonly status?: number,
    options?: { cause?: unknown; partNumber?: number },
  ) {
    super(code, code, options);
    this.partNumber = options?.partNumber;
  }
}

export function isDownloadError(error: unknown, code?: DownloadErrorCode): error is DownloadError {
  return error instanceof DownloadError && (code === undefined || error.code === code);
}

export type DownloadProgress = { bytesReceived: number; bytesTotal: number };

export type DownloadInput = {
  caseId: string;
  evidenceId: string;
  /** The opened (finalised) evidence_meta record. */
  meta: EvidenceMeta;
  /** Recorded differently in the chain of custody: a preview is a view, not a download. */
  purpose: "download" | "preview";
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** For tests. */
  fetch?: typeof fetch;
};

/** Plaintext gathered before it is folded into a Blob piece. */
const BLOB_PIECE_BYTES = 8 * 1024 * 1024;

/** The part a 0x02 decoder was reading (its segment + 1); undefined for 0x01 or before the first byte. */
function partOf(decoder: FileDecoder | undefined): number | undefined {
  return decoder?.segment === undefined ? undefined : decoder.segment + 1;
}

/** Writes the checked preview or download into the item's chain of custody; "unavailable" if the server did not. */
async function recordAccess(doFetch: typeof fetch, base: string, purpose: DownloadInput["purpose"], signal: AbortSignal | undefined): Promise<void> {
  let response: Response;
  try {
    response = await doFetch(`${base}/access`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ purpose }),
      signal,
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (cause) {
    throw new DownloadError("unavailable", undefined, { cause });
  }
  if (!response.ok) throw new DownloadError("unavailable", response.status);
}

/**
 * Fetch, decrypt and check one evidence file. Resolves with the complete
 * plaintext as a Blob, or throws a DownloadError; never returns part of it.
 */
export async function downloadEvidence({ caseId, evidenceId, meta, purpose, onProgress, signal, fetch: fetchImpl }: DownloadInput): Promise<Blob> {
  if (meta.sha256 === "") throw new DownloadError("hash_mismatch"); // not finalised: nothing to check against
  // The sealed metadata says which version the file is: a 0x01 file has its one header recorded.
  const legacy = meta.streamHeader !== undefined;
  const bytesTotal = legacy ? legacyCipherSize(meta.size) : cipherSize(meta.size);
  const base = `/api/cases/${encodeURIComponent(caseId)}/evidence/${encodeURIComponent(evidenceId)}`;
  const doFetch = fetchImpl ?? globalThis.fetch;

  let response: Response;
  try {
    response = await doFetch(`${base}/content`, { method: "GET", signal, credentials: "same-origin", cache: "no-store" });
  } catch (cause) {
    throw new DownloadError("unavailable", undefined, { cause });
  }
  if (!response.ok || !response.body) throw new DownloadError("unavailable", response.status);

  const fileKey = fromBase64url(meta.fileKey);
  const reader = response.body.getReader();
  const hasher = await createSha256();
  const blobPieces: Blob[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let received = 0;
  let decoder: FileDecoder | undefined;
  let ok = false;

  const flushPending = () => {
    if (pending.length === 0) return;
    blobPieces.push(new Blob(pending as BlobPart[]));
    wipe(...pending);
    pending = [];
    pendingBytes = 0;
  };
  const consume = (plain: Uint8Array) => {
    hasher.update(plain);
    pending.push(plain);
    pendingBytes += plain.length;
    if (pendingBytes >= BLOB_PIECE_BYTES) flushPending();
  };

  // 0x02: the first part not wholly received (parts are whole segments).
  const missingPart = () => (legacy ? undefined : Math.floor(received / SEGMENT_CIPHER_BYTES) + 1);

  try {
    decoder = await createFileDecoder(fileKey, bytesTotal, {
      expectVersion: legacy ? FILE_STREAM_V1 : FILE_STREAM_V2,
      expectHeader: meta.streamHeader === undefined ? undefined : fromBase64url(meta.streamHeader),
    });
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        // The connection broke mid-stream: what arrived is a prefix.
        throw new DownloadError(received < bytesTotal ? "truncated" : "unavailable", undefined, { cause, partNumber: missingPart() });
      }
      if (chunk.done) break;
      const bytes = chunk.value;
      received += bytes.length;
      if (received > bytesTotal) throw new DownloadError("damaged"); // more than the sealed size: not this file
      // The decoder checks the version (and a 0x01 file's header) against the metadata's.
      for (const plain of decoder.push(bytes)) consume(plain);
      onProgress?.({ bytesReceived: received, bytesTotal });
    }
    if (received < bytesTotal) throw new DownloadError("truncated", undefined, { partNumber: missingPart() });
    decoder.finish();
    flushPending();
    const digest = toBase64url(hasher.digest());
    if (digest !== meta.sha256) throw new DownloadError("hash_mismatch");
    await recordAccess(doFetch, base, purpose, signal);
    ok = true;
    return new Blob(blobPieces, { type: meta.type });
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    const partNumber = partOf(decoder);
    if (isCryptoError(error, "truncated")) throw new DownloadError("truncated", undefined, { cause: error, partNumber });
    if (isCryptoError(error)) throw new DownloadError("damaged", undefined, { cause: error, partNumber });
    if (signal?.aborted) throw new DownloadError("unavailable", undefined, { cause: error });
    throw new DownloadError("damaged", undefined, { cause: error });
  } finally {
    wipe(fileKey);
    if (!ok) {
      wipe(...pending);
      blobPieces.length = 0;
      void reader.cancel().catch(() => undefined);
    }
  }
}

// ---- signatures ----

export type SignatureState = "valid" | "broken" | "unknown_key";

/** A finalised evidence item as the server lists it (EvidenceRow in wire.ts), with its case: `{ ...row, caseId }`. */
export type EvidenceSignatureRow = {
  id: string;
  caseId: string;
  uploaderId: string;
  /** base64url Ed25519 signature; null if never finalised. */
  signature: string | null;
  /** ISO instant, exactly as signed. */
  signedAt: string | null;
};

/** A signature check and, when it verified, the key that did (for its fingerprint in the chain of custody). */
export type EvidenceSignatureCheck = { state: SignatureState; signer: Signer | null };

/**
 * Check the uploader's signature over { evidenceId, caseId, sha256, size,
 * signedAt }. `signers` may hold anyone's keys; only the uploader's (current
 * and former) are tried. "unknown_key": none of the uploader's keys is known.
 */
export async function verifyEvidenceSignature(meta: EvidenceMeta, row: EvidenceSignatureRow, signers: readonly Signer[]): Promise<SignatureState> {
  return (await checkEvidenceSignature(meta, row, signers)).state;
}

/** The same check, also naming the key that verified (null unless "valid"). */
export async function checkEvidenceSignature(meta: EvidenceMeta, row: EvidenceSignatureRow, signers: readonly Signer[]): Promise<EvidenceSignatureCheck> {
  const broken = { state: "broken", signer: null } as const;
  // A key the uploader has since replaced counts only for what was signed before (keybook, retired keys).
  const keys = signers.filter((s) => s.userId === row.uploaderId && (row.signedAt === null || signerValidAt(s, row.signedAt)));
  if (keys.length === 0) return { state: "unknown_key", signer: null };
  if (!row.signature || !row.signedAt || meta.sha256 === "") return broken;
  let statement;
  let signature: Uint8Array;
  try {
    statement = evidenceStatement({ evidenceId: row.id, caseId: row.caseId, uploaderId: row.uploaderId, sha256: meta.sha256, size: meta.size, signedAt: row.signedAt });
    signature = fromBase64url(row.signature);
  } catch {
    return broken;
  }
  for (const key of keys) {
    try {
      await verifyCanonical(statement, signature, fromBase64url(key.signPublicKey));
      return { state: "valid", signer: key };
    } catch {
      // Try the uploader's other (former) key.
    }
  }
  return broken;
}
