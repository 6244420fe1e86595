// Types for verify-core.mjs (plain JavaScript so it runs under bare Node).

export declare const BUNDLE_FORMAT: "casevault-bundle/1";
export declare const EVIDENCE_STATEMENT_TYPE: "casevault.evidence.v1";
export declare const TESTIMONY_STATEMENT_TYPE: "casevault.testimony-version.v1";

export declare class BundleUnreadableError extends Error {}
export declare class CanonicalJsonError extends Error {}

export declare function canonicalJson(value: unknown): string;
export declare function canonicalBytes(value: unknown): Uint8Array;
export declare function decodeBase64url(text: unknown, bytes: number): Uint8Array | null;
export declare function profileFingerprint(x25519: Uint8Array, ed25519: Uint8Array): string;
export declare function verifyStatementSignature(statement: unknown, signature: unknown, publicKey: unknown): boolean;

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

export type ExhibitFailure = "missing file" | "malformed entry" | "hash mismatch" | "bad signature" | "statement mismatch" | "unreadable file" | "unknown exhibit kind" | "malformed manifest entry";

export type ExhibitResult = {
  number: number | string;
  name: string;
  path?: string;
  kind?: string;
  ok: boolean;
  reason?: ExhibitFailure;
  detail?: string;
  sha256?: string;
};

export type SignerSummary = { userId: string; displayName: string; signPublicKey: string; keyHex: string | null; fingerprint: string | null };

export type VerifyResult = {
  /** True only if the ZIP has no problem and every exhibit (at least one) passes. */
  ok: boolean;
  /** False when manifest.json itself is malformed or ambiguous: no exhibit was checked. */
  exhibitsChecked: boolean;
  manifest: { caseId: unknown; reference: unknown; bundleId: unknown; bundleName: unknown; exportedAt: unknown; exportedBy: unknown };
  exhibits: ExhibitResult[];
  signers: SignerSummary[];
  /** Entries that are neither manifest.json, index.pdf nor a listed exhibit (each is also a problem). */
  unlisted: string[];
  /** Everything wrong with the ZIP itself; any one fails the bundle. */
  problems: ZipProblem[];
};

export declare function verifyBundle(source: ZipSource): Promise<VerifyResult>;
export declare function formatReport(result: VerifyResult): string;
export declare function main(argv: string[], out?: (line: string) => void, err?: (line: string) => void): Promise<0 | 1 | 2>;
