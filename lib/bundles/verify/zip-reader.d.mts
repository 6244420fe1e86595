// Types for zip-reader.mjs (plain JavaScript so it runs under bare Node).

export declare class BundleUnreadableError extends Error {}

export type ZipSource = {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
};
/** One central-directory entry, as readZip found it (dataOffset and end are -1 when its local header is unreadable). */
export type ZipEntry = {
  /** Position in the central directory, from 0. */
  index: number;
  name: string;
  nameBytes: Uint8Array;
  versionMadeBy: number;
  versionNeeded: number;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  disk: number;
  externalAttributes: number;
  localOffset: number;
  /** Where the entry's (compressed) data starts, after its local header. */
  dataOffset: number;
  /** Where the entry ends: after its data and data descriptor. */
  end: number;
};

/**
 * Something wrong with the ZIP itself; `entry` and `index` name the entry when there is one,
 * `indexes` every entry it concerns when there are several (duplicate names).
 */
export type ZipProblem = { entry?: string; index?: number; indexes?: number[]; message: string };

export type ZipReadResult = { entries: ZipEntry[]; problems: ZipProblem[]; centralDirectoryOffset: number };

export declare function bytesSource(bytes: Uint8Array): ZipSource;
export declare function fileSource(path: string): Promise<ZipSource>;
export declare function readZip(source: ZipSource): Promise<ZipReadResult>;
/** Entries by name; throws BundleUnreadableError if readZip finds any problem. */
export declare function listZip(source: ZipSource): Promise<Map<string, ZipEntry>>;
export declare function entryChunks(source: ZipSource, entry: ZipEntry): AsyncGenerator<Uint8Array, void, undefined>;
export declare function hashEntry(source: ZipSource, entry: ZipEntry): Promise<{ sha256: string; size: number; crc: number }>;
export declare function nameKey(name: string): string;
export declare function unsafeNameReason(name: string): string | null;
export declare function quoteName(name: string): string;
export declare function printable(text: string): string;
export declare function formatProblem(problem: ZipProblem): string;
/** Why the data read does not match the entry's header (CRC-32, size), or null. */
export declare function dataMismatch(entry: ZipEntry, actual: { size: number; crc: number }): string | null;
/** One entry's uncompressed bytes, whole; throws BundleUnreadableError past `max` bytes. */
/** A Buffer under Node, a Uint8Array in the page. */
export declare function readWhole(source: ZipSource, entry: ZipEntry, max: number): Promise<Uint8Array>;
