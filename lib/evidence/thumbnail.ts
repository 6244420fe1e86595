import { z } from "zod";
import { base64urlSchema } from "@/lib/encoding/base64url";
import { sealedRecordWireSchema } from "@/lib/cases/schema";
import { canonicalIdPattern } from "@/lib/ids/parse-id";

// Evidence thumbnails (issue 14): a small JPEG the uploader's browser makes
// from a photo and seals as an "evidence_thumbnail" record (id = evidence id,
// version 1), signed like every record. Pure and server-safe: no lib/crypto.
//
// Must always hold:
// - The sealed value is `{ jpeg, pad }`, `jpeg` the base64url JPEG or null
//   ("no picture": a PDF, a video, an image this browser cannot decode), its
//   canonical JSON padded to exactly THUMBNAIL_VALUE_CHARS. Every upload gets
//   one, so the server learns neither which items are pictures nor how
//   detailed a picture is (DESIGN.md §3 does not list the file type).
// - A JPEG is at most THUMBNAIL_MAX_BYTES and carries no metadata segment
//   (APP1–APP15, COM): EXIF GPS in a photo can say where a person is.
// - Re-encoding in a canvas drops the source's metadata, but an encoder adds
//   its own (Chromium writes an ICC profile, APP2): stripJpegMetadata()
//   removes every such segment and jpegMetadataSegments() checks the result,
//   so a browser that kept anything never sends it.

/** Long side of a thumbnail, in CSS pixels of the source. */
export const THUMBNAIL_LONG_SIDE = 320;
/** The largest JPEG a thumbnail may hold. */
export const THUMBNAIL_MAX_BYTES = 48 * 1024;
/** base64url of THUMBNAIL_MAX_BYTES, without padding. */
const JPEG_B64_MAX = Math.ceil((THUMBNAIL_MAX_BYTES * 4) / 3);
/** The canonical JSON of every sealed value is exactly this long (a full JPEG fits with room to spare). */
export const THUMBNAIL_VALUE_CHARS = JPEG_B64_MAX + 64;
/** Sealed record bytes the server accepts: the padded value, its signature wrapper and the envelope, with margin. */
export const THUMBNAIL_SEALED_MAX = THUMBNAIL_VALUE_CHARS + 1024;
/** Thumbnails asked for in one read: about a screenful of the list. */
export const THUMBNAIL_BATCH_MAX = 24;
/** Images the browser decodes for a thumbnail: the formats every supported browser reads. */
export const THUMBNAIL_SOURCE_TYPES: readonly string[] = ["image/jpeg", "image/png", "image/webp", "image/gif"];
/** Larger sources are not decoded (a 200-megapixel panorama would take the tab's memory). */
export const THUMBNAIL_SOURCE_MAX_BYTES = 40 * 1024 * 1024;

const jpegB64 = base64urlSchema().min(1).max(JPEG_B64_MAX);

/** The opened value of an "evidence_thumbnail" record. */
export const thumbnailValueSchema = z.strictObject({
  jpeg: z.union([z.null(), jpegB64]),
  pad: z.string().regex(/^0*$/).max(THUMBNAIL_VALUE_CHARS),
});
export type ThumbnailValue = z.infer<typeof thumbnailValueSchema>;

/** The value to seal for `jpeg` (base64url) or none, padded so its JSON is THUMBNAIL_VALUE_CHARS long. */
export function paddedThumbnailValue(jpeg: string | null): ThumbnailValue {
  if (jpeg !== null && !jpegB64.safeParse(jpeg).success) throw new RangeError("thumbnail too large or not base64url");
  // Keys in canonical (sorted) order, ASCII only: this is the canonical JSON's length.
  const bare = JSON.stringify({ jpeg, pad: "" }).length;
  return { jpeg, pad: "0".repeat(THUMBNAIL_VALUE_CHARS - bare) };
}

/** Whether `bytes` begin as a JPEG does (SOI, then a marker). */
export const isJpeg = (bytes: Uint8Array) => bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

/**
 * The metadata segments before the image data: "APP1".."APP15" and "COM"
 * (EXIF, XMP, IPTC, ICC and comments live there; APP0 is the JFIF header).
 * "malformed" if the segment chain does not parse up to the scan.
 */
export function jpegMetadataSegments(bytes: Uint8Array): string[] {
  if (!isJpeg(bytes)) return ["malformed"];
  const found: string[] = [];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return [...found, "malformed"];
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return found; // start of scan / end of image
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 2) return [...found, "malformed"];
    if (marker >= 0xe1 && marker <= 0xef) found.push(`APP${marker - 0xe0}`);
    if (marker === 0xfe) found.push("COM");
    at += 2 + length;
  }
  return [...found, "malformed"];
}

/**
 * The same JPEG without its metadata segments (APP1–APP15, COM): the image
 * data and the tables it needs (APP0/JFIF, DQT, SOF, DHT…) are kept byte for
 * byte. Null if the segment chain does not parse.
 */
export function stripJpegMetadata(bytes: Uint8Array): Uint8Array | null {
  if (!isJpeg(bytes)) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xda) {
      kept.push(bytes.subarray(at)); // the scan and everything after it
      const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0));
      let offset = 0;
      for (const part of kept) {
        out.set(part, offset);
        offset += part.length;
      }
      return out;
    }
    if (marker === 0xd9) return null; // an image without a scan
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 2 || at + 2 + length > bytes.length) return null;
    const metadata = (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe;
    if (!metadata) kept.push(bytes.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  return null;
}

// ---- the wire ----

const id = z.string().regex(canonicalIdPattern, "id.format");

/** GET …/evidence/thumbnails?ids=a,b,c: the items on screen, at most a batch. */
export const thumbnailIdsSchema = z
  .string()
  .transform((ids) => ids.split(","))
  .pipe(z.array(id).min(1).max(THUMBNAIL_BATCH_MAX))
  .transform((ids) => [...new Set(ids)]);

/** PUT …/evidence/{evidenceId}/thumbnail: the sealed record (its id must be the evidence id: checked by the action). */
export const storeThumbnailWireSchema = z.strictObject({
  record: sealedRecordWireSchema.refine(
    (r) => r.type === "evidence_thumbnail" && r.version === 1 && Math.ceil((r.contentSealed.length * 3) / 4) <= THUMBNAIL_SEALED_MAX,
    "evidence.thumbnail",
  ),
});
export type StoreThumbnailWire = z.infer<typeof storeThumbnailWireSchema>;

/** One stored thumbnail as the read sends it: the record is version 1 of type "evidence_thumbnail" with the evidence id. */
export type ThumbnailWire = { evidenceId: string; epoch: number; contentSealed: string };
export type ThumbnailList = { thumbnails: ThumbnailWire[] };
