/**
 * Evidence thumbnails in the browser (issue 14): made from the picked file,
 * sealed and signed by the uploader, opened and checked by every reader.
 *
 * Must always hold (lib/evidence/thumbnail.ts):
 * - A thumbnail is a fresh JPEG drawn from the decoded pixels (EXIF
 *   orientation applied; the source's metadata never reaches the canvas) with
 *   the encoder's own metadata segments stripped; one that still carries
 *   metadata, is not a JPEG or is too large is not sent.
 * - It is an "evidence_thumbnail" record with the evidence's id, version 1,
 *   so AD = casevault:v1:<caseId>:evidence_thumbnail:<evidenceId>:1: moved to
 *   another item or case it does not open, and the list shows the type icon.
 * - It opens only if the uploader of the item signed it: a teammate (or a
 *   server holding one's record) cannot put a picture on someone else's file.
 * - Every upload gets one (null for files that are not pictures), padded to
 *   one size, so the server cannot tell pictures from other files.
 */
import "client-only";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { sealRecord, openRecordSigned } from "@/lib/cases/records-client";
import type { EpochAuthors, RecordAuthor } from "@/lib/cases/record-signature";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { fromBase64url, toBase64url } from "@/lib/crypto/encoding";
import {
  isJpeg,
  jpegMetadataSegments,
  paddedThumbnailValue,
  stripJpegMetadata,
  thumbnailValueSchema,
  THUMBNAIL_LONG_SIDE,
  THUMBNAIL_MAX_BYTES,
  THUMBNAIL_SOURCE_MAX_BYTES,
  THUMBNAIL_SOURCE_TYPES,
  type ThumbnailWire,
} from "./thumbnail";

/** Tried in order until one fits THUMBNAIL_MAX_BYTES: long side, JPEG quality. */
const ATTEMPTS: readonly [number, number][] = [
  [THUMBNAIL_LONG_SIDE, 0.7],
  [THUMBNAIL_LONG_SIDE, 0.5],
  [240, 0.5],
  [160, 0.4],
];

async function drawJpeg(bitmap: ImageBitmap, longSide: number, quality: number): Promise<Uint8Array> {
  const scale = Math.min(1, longSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const paint = (ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D) => {
    // JPEG has no transparency: a transparent PNG shows on white, not black.
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(bitmap, 0, 0, width, height);
  };
  let blob: Blob | null;
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2d context");
    paint(ctx);
    blob = await canvas.convertToBlob({ type: "image/jpeg", quality });
  } else {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2d context");
    paint(ctx);
    blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
  }
  if (!blob) throw new Error("canvas gave no image");
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * A JPEG of at most THUMBNAIL_LONG_SIDE px on the long side and
 * THUMBNAIL_MAX_BYTES, without metadata; null when `type` is not a picture
 * this browser decodes, the file is too large to decode, or no attempt fits.
 */
export async function makeThumbnail(file: Blob, type: string): Promise<Uint8Array | null> {
  if (!THUMBNAIL_SOURCE_TYPES.includes(type.toLowerCase()) || file.size > THUMBNAIL_SOURCE_MAX_BYTES) return null;
  if (typeof createImageBitmap !== "function") return null;
  let bitmap: ImageBitmap;
  try {
    // "from-image": a phone photo stored sideways with an EXIF rotation shows upright.
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return null; // not decodable here (damaged, or a format this browser lacks)
  }
  try {
    for (const [side, quality] of ATTEMPTS) {
      const encoded = await drawJpeg(bitmap, side, quality);
      if (!isJpeg(encoded)) return null; // this browser cannot encode JPEG (it fell back to PNG)
      // The encoder's own segments (Chromium: an sRGB ICC profile) go too; nothing but pixels leaves.
      const jpeg = stripJpegMetadata(encoded);
      if (!jpeg || jpegMetadataSegments(jpeg).length > 0) return null;
      if (jpeg.length <= THUMBNAIL_MAX_BYTES) return jpeg;
    }
    return null;
  } catch {
    return null;
  } finally {
    bitmap.close();
  }
}

export type SealThumbnailInput = {
  caseId: string;
  evidenceId: string;
  /** The current epoch, whose key `caseKey` is. */
  epoch: number;
  caseKey: Uint8Array;
  /** The uploader. */
  author: RecordAuthor;
  /** The thumbnail, or null for "this item has no picture". */
  jpeg: Uint8Array | null;
};

/** The item's "evidence_thumbnail" record (version 1), padded, signed and sealed. */
export function sealThumbnail({ caseId, evidenceId, epoch, caseKey, author, jpeg }: SealThumbnailInput): Promise<SealedRecordWire> {
  return sealRecord({
    caseId,
    type: "evidence_thumbnail",
    id: evidenceId,
    version: 1,
    epoch,
    caseKey,
    value: paddedThumbnailValue(jpeg === null ? null : toBase64url(jpeg)),
    signed: { author, prev: null },
  });
}

export type OpenThumbnailInput = {
  caseId: string;
  /** The item the list shows this thumbnail beside. */
  evidenceId: string;
  /** Its uploader, as the item's row names them (whose signature the uploader's statement also carries). */
  uploaderId: string;
  thumbnail: ThumbnailWire;
  /** The key of `thumbnail.epoch`, and who could sign in it (CaseKeyring). */
  caseKey: Uint8Array | undefined;
  authors: EpochAuthors | undefined;
};

/**
 * The JPEG, or null: no picture, no key, or a thumbnail that does not open
 * here (another item's, tampered with, signed by someone else, not a JPEG).
 * Never throws: the list then shows the type icon.
 */
export async function openThumbnail({ caseId, evidenceId, uploaderId, thumbnail, caseKey, authors }: OpenThumbnailInput): Promise<Uint8Array | null> {
  if (!caseKey || thumbnail.evidenceId !== evidenceId) return null;
  const record: SealedRecordWire = { id: evidenceId, version: 1, type: "evidence_thumbnail", epoch: thumbnail.epoch, contentSealed: thumbnail.contentSealed };
  try {
    const { value, signed } = await openRecordSigned({ caseId, record, caseKey, schema: thumbnailValueSchema, type: "evidence_thumbnail", authors });
    if (signed?.author !== uploaderId || value.jpeg === null) return null;
    const jpeg = fromBase64url(value.jpeg);
    return isJpeg(jpeg) && jpeg.length <= THUMBNAIL_MAX_BYTES ? jpeg : null;
  } catch {
    return null;
  }
}

/**
 * After an upload finished: make, seal and store the item's thumbnail (or its
 * "no picture" record). Best effort: the upload itself has succeeded, so any
 * failure here only leaves the item with its type icon. Resolves whether
 * one was stored.
 */
export async function attachThumbnail({
  target,
  me,
  evidenceId,
  file,
  fetch = globalThis.fetch,
}: {
  /** The case as the upload saw it (an UploadTarget fits). */
  target: { caseId: string; currentEpoch: number; keyring: Pick<CaseKeyring, "get"> };
  me: RecordAuthor;
  evidenceId: string;
  file: File;
  fetch?: typeof globalThis.fetch;
}): Promise<boolean> {
  try {
    const caseKey = target.keyring.get(target.currentEpoch);
    if (!caseKey) return false;
    const jpeg = await makeThumbnail(file, file.type);
    const record = await sealThumbnail({ caseId: target.caseId, evidenceId, epoch: target.currentEpoch, caseKey, author: me, jpeg });
    const response = await fetch(`/api/cases/${target.caseId}/evidence/${evidenceId}/thumbnail`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ record }),
      credentials: "same-origin",
      cache: "no-store",
    });
    return response.ok;
  } catch {
    return false;
  }
}
