import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalBytes } from "@/lib/crypto/canonical-json";
import { containsBytes, GPS_MARKER, withExifGps } from "@/lib/testing/exif-gps";
import { isJpeg, jpegMetadataSegments, paddedThumbnailValue, stripJpegMetadata, thumbnailIdsSchema, thumbnailValueSchema, THUMBNAIL_MAX_BYTES, THUMBNAIL_VALUE_CHARS } from "./thumbnail";

const demoJpeg = new Uint8Array(readFileSync(path.resolve(__dirname, "../../scripts/fixtures/left-hand-2026-10-14.thumb.jpg")));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

describe("paddedThumbnailValue", () => {
  it("pads a picture, no picture and the largest picture to the same canonical length", () => {
    const values = [paddedThumbnailValue(null), paddedThumbnailValue(b64(demoJpeg)), paddedThumbnailValue(b64(new Uint8Array(THUMBNAIL_MAX_BYTES)))];
    for (const value of values) {
      expect(canonicalBytes(value).length).toBe(THUMBNAIL_VALUE_CHARS);
      expect(thumbnailValueSchema.parse(value)).toEqual(value);
    }
  });

  it("refuses a JPEG over the cap", () => {
    expect(() => paddedThumbnailValue(b64(new Uint8Array(THUMBNAIL_MAX_BYTES + 1)))).toThrow(RangeError);
  });
});

describe("jpegMetadataSegments", () => {
  it("finds none in the demo thumbnail, and the EXIF block of a photo carrying GPS", () => {
    expect(isJpeg(demoJpeg)).toBe(true);
    expect(jpegMetadataSegments(demoJpeg)).toEqual([]);
    const photo = withExifGps(demoJpeg, { orientation: 6 });
    expect(containsBytes(photo, GPS_MARKER)).toBe(true);
    expect(jpegMetadataSegments(photo)).toEqual(["APP1"]);
  });

  it("calls anything that is not a JPEG's segment chain malformed", () => {
    expect(jpegMetadataSegments(new TextEncoder().encode("\x89PNG\r\n"))).toEqual(["malformed"]);
    expect(jpegMetadataSegments(demoJpeg.subarray(0, 30))).toContain("malformed");
  });
});

describe("stripJpegMetadata", () => {
  it("removes the EXIF/GPS block and keeps the image byte for byte", () => {
    const photo = withExifGps(demoJpeg, { orientation: 6 });
    const stripped = stripJpegMetadata(photo)!;
    expect(Buffer.from(stripped).equals(Buffer.from(demoJpeg))).toBe(true);
    expect(containsBytes(stripped, GPS_MARKER)).toBe(false);
    expect(jpegMetadataSegments(stripped)).toEqual([]);
  });

  it("removes comments and ICC profiles too, and refuses what does not parse", () => {
    const segment = (marker: number, text: string) => {
      const body = new TextEncoder().encode(text);
      return [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
    };
    const withMore = new Uint8Array([...demoJpeg.subarray(0, 2), ...segment(0xe2, "ICC_PROFILE\0sRGB"), ...segment(0xfe, "taken at home"), ...demoJpeg.subarray(2)]);
    expect(jpegMetadataSegments(withMore)).toEqual(["APP2", "COM"]);
    expect(Buffer.from(stripJpegMetadata(withMore)!).equals(Buffer.from(demoJpeg))).toBe(true);
    expect(stripJpegMetadata(demoJpeg.subarray(0, 40))).toBeNull();
    expect(stripJpegMetadata(new TextEncoder().encode("not a jpeg"))).toBeNull();
  });
});

describe("thumbnailIdsSchema", () => {
  const id = () => crypto.randomUUID();
  it("takes 1 to 24 canonical ids, once each", () => {
    const a = id();
    expect(thumbnailIdsSchema.parse(`${a},${a}`)).toEqual([a]);
    expect(thumbnailIdsSchema.safeParse("").success).toBe(false);
    expect(thumbnailIdsSchema.safeParse(a.toUpperCase()).success).toBe(false);
    expect(thumbnailIdsSchema.safeParse(Array.from({ length: 25 }, id).join(",")).success).toBe(false);
  });
});
