// Types for verify-core.mjs (plain JavaScript so it runs under bare Node).

import type { ZipProblem, ZipSource } from "./verify/zip-reader.mjs";

export { CanonicalJsonError, canonicalBytes, canonicalJson, decodeBase64url, profileFingerprint, verifyStatementSignature } from "./verify/canonical.mjs";
export {
  BundleUnreadableError,
  bytesSource,
  entryChunks,
  fileSource,
  formatProblem,
  hashEntry,
  listZip,
  nameKey,
  printable,
  quoteName,
  readZip,
  unsafeNameReason,
  type ZipEntry,
  type ZipProblem,
  type ZipReadResult,
  type ZipSource,
} from "./verify/zip-reader.mjs";

export declare const BUNDLE_FORMAT: "casevault-bundle/1";
export declare const EVIDENCE_STATEMENT_TYPE: "casevault.evidence.v1";
export declare const TESTIMONY_STATEMENT_TYPE: "casevault.testimony-version.v1";

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
