/**
 * For tests: a JPEG with an EXIF block carrying a GPS position (and, when
 * asked, an orientation), inserted right after its SOI marker — what a phone
 * photo looks like to the thumbnail code. The position is in Tbilisi; the
 * block's distinctive bytes are GPS_MARKER (the latitude's seconds, 1234/100).
 */

/** The big-endian bytes of the latitude's seconds rational (1234/100), as they sit in the EXIF block. */
export const GPS_MARKER = Uint8Array.of(0, 0, 0x04, 0xd2, 0, 0, 0, 0x64);

export function withExifGps(jpeg: Uint8Array, { orientation }: { orientation?: number } = {}): Uint8Array {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error("not a JPEG");
  const ifd0: [tag: number, type: number, count: number, value: number][] = [];
  if (orientation !== undefined) ifd0.push([0x0112, 3, 1, orientation << 16]); // SHORT, left-justified in the value field
  const ifd0Bytes = 2 + 12 * (ifd0.length + 1) + 4;
  const gpsAt = 8 + ifd0Bytes;
  ifd0.push([0x8825, 4, 1, gpsAt]); // GPS IFD pointer
  const gpsBytes = 2 + 12 * 4 + 4;
  const latAt = gpsAt + gpsBytes;
  const lonAt = latAt + 24;
  const tiff = new DataView(new ArrayBuffer(lonAt + 24));
  const bytes = new Uint8Array(tiff.buffer);
  bytes.set([0x4d, 0x4d, 0x00, 0x2a]); // "MM", 42
  tiff.setUint32(4, 8);
  const writeIfd = (at: number, entries: [number, number, number, number][]) => {
    tiff.setUint16(at, entries.length);
    entries.forEach(([tag, type, count, value], i) => {
      const e = at + 2 + 12 * i;
      tiff.setUint16(e, tag);
      tiff.setUint16(e + 2, type);
      tiff.setUint32(e + 4, count);
      tiff.setUint32(e + 8, value);
    });
    tiff.setUint32(at + 2 + 12 * entries.length, 0);
  };
  const ascii = (c: string) => (c.charCodeAt(0) << 24) >>> 0; // "N\0" / "E\0", left-justified
  writeIfd(8, ifd0);
  writeIfd(gpsAt, [
    [0x0001, 2, 2, ascii("N")],
    [0x0002, 5, 3, latAt],
    [0x0003, 2, 2, ascii("E")],
    [0x0004, 5, 3, lonAt],
  ]);
  const rationals = (at: number, values: [number, number][]) =>
    values.forEach(([n, d], i) => {
      tiff.setUint32(at + 8 * i, n);
      tiff.setUint32(at + 8 * i + 4, d);
    });
  rationals(latAt, [[41, 1], [42, 1], [1234, 100]]);
  rationals(lonAt, [[44, 1], [47, 1], [5678, 100]]);
  const header = new TextEncoder().encode("Exif\0\0");
  const length = 2 + header.length + bytes.length;
  const app1 = new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff, ...header, ...bytes]);
  const out = new Uint8Array(jpeg.length + app1.length);
  out.set(jpeg.subarray(0, 2));
  out.set(app1, 2);
  out.set(jpeg.subarray(2), 2 + app1.length);
  return out;
}

/** Whether `needle` occurs in `haystack`. */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
