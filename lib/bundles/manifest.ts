/**
 * The bundle's manifest.json (format casevault-bundle/2): what it lists for
 * each exhibit, signed as a whole by the exporting user. Built by
 * export-client.ts, checked by verify-core.mjs.
 *
 *   { "format": "casevault-bundle/2",
 *     "manifest": BundleManifest,
 *     "signature": Ed25519 by manifest.exporter over canonicalJson(manifest),
 *     "timestamp"?: RFC 3161 token over SHA-256 of canonicalJson(manifest) }
 *
 * Must always hold:
 * - The exporter's signature covers everything a court reads: every file's
 *   path, SHA-256 and size (index.pdf and the readable testimony PDFs in
 *   `documents`, the exhibits in `exhibits`), each exhibit's signed statement,
 *   signature and signer keys, the custody events, the bundle's names and
 *   time. Nothing in the ZIP is outside it but manifest.json itself.
 * - Each exhibit names the key that verifies its statement (`signer`): the
 *   signer's current key, or a key they have since replaced, with
 *   `retiredUntil`: the statement must be dated no later than that.
 * - No internal workflow state (review status) is in a court copy.
 */
import type { EvidenceStatement } from "@/lib/evidence/schema";
import type { TestimonyVersionStatement } from "@/lib/testimonies/digest";

export const BUNDLE_FORMAT = "casevault-bundle/2";
export const MANIFEST_TYPE = "casevault.bundle-manifest.v2";

export type CustodyEvent = { seq: string; action: string; actorId: string | null; at: string };

/** A person's public keys as the bundle names them; their fingerprint is derived from both. */
export type BundleSigner = {
  userId: string;
  displayName: string;
  /** Ed25519 public key, base64url. */
  signPublicKey: string;
  /** X25519 public key, base64url: with it the verifier prints the same fingerprint as the person's profile. */
  boxPublicKey: string;
  /** Set when this key has since been replaced: it counts only for statements dated up to this ISO instant. */
  retiredUntil?: string;
};

/** A file the exporter made (index.pdf, a testimony's readable PDF): only the manifest signature vouches for it. */
export type BundleDocument = { path: string; sha256: string; size: number };

export type EvidenceManifestExhibit = {
  number: number;
  kind: "evidence";
  path: string;
  evidenceId: string;
  originalName: string;
  type: string;
  size: number;
  /** base64url, as signed. */
  sha256: string;
  description: string;
  capturedAt: string;
  source: string;
  tags: string[];
  statement: EvidenceStatement;
  signature: string;
  signer: BundleSigner;
  custody: CustodyEvent[];
  /**
   * RFC 3161 token (DER, base64url) over SHA-256 of canonicalJson(statement),
   * obtained at upload when TSA_URL was set; absent otherwise.
   */
  timestamp?: string;
};

export type TestimonyManifestExhibit = {
  number: number;
  kind: "testimony";
  /** The canonical JSON of the signed content. */
  path: string;
  /** The same content laid out for reading (listed in `documents`). */
  readablePath: string;
  testimonyId: string;
  version: number;
  title: string;
  statement: TestimonyVersionStatement;
  signature: string;
  signer: BundleSigner;
};

export type BundleManifest = {
  type: typeof MANIFEST_TYPE;
  caseId: string;
  reference: string;
  bundleId: string;
  bundleName: string;
  /** ISO instant. */
  exportedAt: string;
  /** The bundle's language and the time zone its dates are shown in. */
  language: "en" | "ru";
  timeZone: string;
  exporter: BundleSigner;
  documents: BundleDocument[];
  exhibits: (EvidenceManifestExhibit | TestimonyManifestExhibit)[];
};

export type SignedManifestFile = {
  format: typeof BUNDLE_FORMAT;
  manifest: BundleManifest;
  signature: string;
  /**
   * RFC 3161 token (DER, base64url) over SHA-256 of canonicalJson(manifest),
   * obtained at export when TSA_URL is set. Beside the signature, not inside
   * the manifest: it cannot stamp itself.
   */
  timestamp?: string;
};
