import "client-only";
import type { Signer } from "@/lib/cases/schema";
import type { EvidenceMeta } from "@/lib/evidence/schema";
import type { Testimony } from "@/lib/testimonies/schema";
import type { UnlockedAccount } from "@/lib/crypto/account";
import type { BundleManifest, CustodyEvent } from "../manifest";

/** Who signed: the key is looked up among the signers this browser trusts. */
export type Person = { userId: string; displayName: string };

/** What the caller hands exportBundle for one exhibit: opened, verified content. */
export type ExhibitInput =
  | {
      kind: "evidence";
      number: number;
      evidenceId: string;
      /** Finalised metadata (sha256 set). */
      meta: EvidenceMeta;
      uploader: Person;
      /** base64url Ed25519 signature over the evidence statement. */
      signature: string;
      /** ISO instant, exactly as signed. */
      signedAt: string;
      custody: CustodyEvent[];
      /** The RFC 3161 token over the statement stored at upload (base64url), or null: none was had. */
      timestamp?: string | null;
      /** The decrypted file (its hash already checked by downloadEvidence); called when its turn comes. */
      file: () => Promise<Blob>;
    }
  | {
      kind: "testimony";
      number: number;
      testimonyId: string;
      version: number;
      /** The exact content that was signed. */
      content: Testimony;
      author: Person;
      signature: string;
      signedAt: string;
      title: string;
    };

/** The bundle's names, time, language and time zone, as the manifest states them, and what to export. */
export type ExportBundleInput = Pick<BundleManifest, "caseId" | "reference" | "bundleId" | "bundleName" | "exportedAt" | "language" | "timeZone"> & {
  /** The exporting user, unlocked: their current keys sign the manifest. */
  exporter: { account: UnlockedAccount; displayName: string };
  exhibits: ExhibitInput[];
  /** The keys whose signatures count, as this browser's keybook decides (retired ones with their window). */
  signers: readonly Signer[];
  /** Bytes of exhibit content written so far, out of the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * A TrueType font for the PDFs (Cyrillic and other scripts). Default:
   * DejaVu Sans from the dejavu-fonts-ttf package. Resolving to null (or
   * failing) falls back to Helvetica with transliteration and a note in the PDF.
   */
  loadFont?: () => Promise<Uint8Array | null>;
  /**
   * Obtains an RFC 3161 token (base64url) over this SHA-256 of the canonical
   * manifest (the app: POST /api/cases/{caseId}/timestamp). Absent, or
   * resolving to null: no TSA is configured, no timestamp. Throwing fails
   * the export with BundleExportError("timestamp_unavailable").
   */
  timestamp?: (sha256: Uint8Array) => Promise<string | null>;
  /**
   * The offline verifier page (public/verify.html) to put in the bundle as
   * verify.html, listed in the signed manifest like index.pdf. The app always
   * gives it (lib/bundles/assemble-client.ts); tests that
   * check other things may leave it out.
   */
  verifierPage?: Uint8Array;
};
