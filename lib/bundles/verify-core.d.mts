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

export { parseOrgKeys, identityOf, type ParsedOrgKeys } from "./verify/org-keys.mjs";
export { checkTimestamp, parseTsaCertificates, type TimestampCheck } from "./verify/timestamp.mjs";

export declare const BUNDLE_FORMAT: "casevault-bundle/2";
export declare const MANIFEST_TYPE: "casevault.bundle-manifest.v2";
export declare const EVIDENCE_STATEMENT_TYPE: "casevault.evidence.v2";
export declare const TESTIMONY_STATEMENT_TYPE: "casevault.testimony-version.v1";
export declare const EXIT: { pass: 0; fail: 1; unreadable: 2; unverified: 3 };

export type ExhibitFailure =
  | "missing file"
  | "malformed entry"
  | "hash mismatch"
  | "bad signature"
  | "statement mismatch"
  | "key retired"
  | "unreadable file"
  | "unknown exhibit kind"
  | "malformed manifest entry"
  | "bad timestamp";

/** A person as the bundle names them, with the fingerprint of both keys (null if one is malformed). */
export type PersonSummary = {
  userId: string;
  displayName: string;
  signPublicKey: string;
  boxPublicKey: string;
  keyHex: string | null;
  fingerprint: string | null;
  retiredUntil?: string;
};

export type ExhibitResult = {
  number: number | string;
  name: string;
  path?: string;
  kind?: string;
  ok: boolean;
  reason?: ExhibitFailure;
  detail?: string;
  sha256?: string;
  /** Set when it passed: the key that signed and when. */
  signer?: PersonSummary;
  signedAt?: string;
  /** Set when it passed and its statement carries an RFC 3161 token (verified, or TSA not checked). */
  timestamp?: import("./verify/timestamp.mjs").TimestampCheck;
};

export type DocumentResult = { path: string; ok: boolean; reason?: ExhibitFailure; detail?: string };

export type IdentityProblem = { role: string; person: PersonSummary; reason: string };

export type IdentityResult = {
  method: "none" | "expect" | "keys" | "keys and expect";
  /** False when nothing was checked ("none") or anything failed. */
  ok: boolean;
  problems: IdentityProblem[];
  confirmed: { person: PersonSummary; displayName: string; verified: string }[];
  keysSigner: { userId: string; displayName: string; fingerprint: string } | null;
};

export type VerifyResult = {
  /** True only if the manifest signature, the ZIP, every document and every exhibit (at least one) pass. */
  ok: boolean;
  /** "pass" needs ok and identities checked; "unverified": ok, identities not checked. */
  verdict: "pass" | "unverified" | "fail";
  /** False when manifest.json is malformed, ambiguous or its signature fails: nothing else was checked. */
  exhibitsChecked: boolean;
  manifestProblem: string | null;
  /** The manifest's own RFC 3161 token, checked; null when it has none. */
  manifestTimestamp: import("./verify/timestamp.mjs").TimestampCheck | null;
  /** True when --tsa-cert was given. */
  tsaChecked: boolean;
  manifest: { caseId: unknown; reference: unknown; bundleId: unknown; bundleName: unknown; exportedAt: unknown; exporter: PersonSummary | null };
  documents: DocumentResult[];
  /** Signing keys named for more than one person (each entry lists them); any one fails the bundle. */
  keyConflicts: PersonSummary[][];
  /** Paths the manifest lists more than once; any one fails the bundle. */
  listedTwice: string[];
  exhibits: ExhibitResult[];
  /** Everyone whose key signed: the exporter first. */
  people: PersonSummary[];
  identity: IdentityResult;
  /** Entries not listed in the manifest (each is also a problem). */
  unlisted: string[];
  /** Everything wrong with the ZIP itself; any one fails the bundle. */
  problems: ZipProblem[];
};

export type VerifyOptions = {
  expect?: string[] | null;
  orgKeys?: Extract<import("./verify/org-keys.mjs").ParsedOrgKeys, { ok: true }> | null;
  /** The TSA certificates a court was given (--tsa-cert): timestamps must chain to one. */
  tsaCerts?: import("pkijs").Certificate[] | null;
};

export declare function verifyBundle(source: ZipSource, options?: VerifyOptions): Promise<VerifyResult>;
export declare function personSummary(person: unknown): PersonSummary;
export declare function parseExpected(text: string): string[];
export declare function formatReport(result: VerifyResult): string;
export declare function main(argv: string[], out?: (line: string) => void, err?: (line: string) => void): Promise<0 | 1 | 2 | 3>;
