/**
 * The bundle's manifest.json: what it lists for each exhibit (path, hash,
 * the exact signed statement, its signature and the signer's public keys).
 * Built by export-client.ts, checked by verify-core.mjs.
 */
import type { EvidenceStatement } from "@/lib/evidence/schema";
import type { TestimonyVersionStatement } from "@/lib/testimonies/digest";

export const BUNDLE_FORMAT = "casevault-bundle/1";

export type CustodyEvent = { seq: string; action: string; actorId: string | null; at: string };

export type BundleSigner = {
  userId: string;
  displayName: string;
  /** Ed25519 public key, base64url. */
  signPublicKey: string;
  /** X25519 public key, base64url (optional): with it the verifier prints the same fingerprint as the person's profile. */
  boxPublicKey?: string;
};

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
  reviewStatus: string;
  statement: EvidenceStatement;
  signature: string;
  signer: BundleSigner;
  custody: CustodyEvent[];
};

export type TestimonyManifestExhibit = {
  number: number;
  kind: "testimony";
  path: string;
  testimonyId: string;
  version: number;
  title: string;
  statement: TestimonyVersionStatement;
  signature: string;
  signer: BundleSigner;
};

export type BundleManifest = {
  format: typeof BUNDLE_FORMAT;
  caseId: string;
  reference: string;
  bundleId: string;
  bundleName: string;
  exportedAt: string;
  exportedBy: string;
  exhibits: (EvidenceManifestExhibit | TestimonyManifestExhibit)[];
};

