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
export type ZipEntry = { name: string; flags: number; method: number; compressedSize: number; size: number; localOffset: number };

export declare function bytesSource(bytes: Uint8Array): ZipSource;
export declare function fileSource(path: string): Promise<ZipSource>;
export declare function listZip(source: ZipSource): Promise<Map<string, ZipEntry>>;
export declare function entryChunks(source: ZipSource, entry: ZipEntry): AsyncGenerator<Uint8Array, void, undefined>;
export declare function hashEntry(source: ZipSource, entry: ZipEntry): Promise<{ sha256: string; size: number }>;

export type ExhibitFailure = "missing file" | "hash mismatch" | "bad signature" | "statement mismatch" | "unreadable file" | "unknown exhibit kind" | "malformed manifest entry";

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
  ok: boolean;
  manifest: { caseId: unknown; reference: unknown; bundleId: unknown; bundleName: unknown; exportedAt: unknown; exportedBy: unknown };
  exhibits: ExhibitResult[];
  signers: SignerSummary[];
  /** Files under exhibits/ that the manifest does not list (reported, not verified). */
  unlisted: string[];
};

export declare function verifyBundle(source: ZipSource): Promise<VerifyResult>;
export declare function formatReport(result: VerifyResult): string;
export declare function main(argv: string[], out?: (line: string) => void, err?: (line: string) => void): Promise<0 | 1 | 2>;
