import { ClientError } from "@/lib/errors/client-error";

/**
 * Why a bundle was not exported; nothing is saved when one is thrown.
 * - "timestamp_unavailable": TSA_URL is set and no timestamp could be had for the manifest (the TSA is down or answered wrongly);
 * - "exhibit_blocked": an exhibit's record, metadata or custody could not be opened and checked (`exhibit` names it);
 * - "no_verifier": the offline verifier page (/verify.html) could not be loaded, and no bundle goes out without it.
 */
export type BundleExportErrorCode = "invalid_input" | "bad_signature" | "hash_mismatch" | "too_large" | "timestamp_unavailable" | "exhibit_blocked" | "no_verifier";

export class BundleExportError extends ClientError<BundleExportErrorCode> {
  override readonly name = "BundleExportError";
  constructor(code: BundleExportErrorCode, message: string, options?: { cause?: unknown; exhibit?: number }) {
    super(code, message, options);
    this.exhibit = options?.exhibit;
  }

  /** The exhibit number the error is about, when it is about one. */
  readonly exhibit: number | undefined;
}

/** The exhibit an "exhibit_blocked" error names; null for any other error. */
export function blockedExhibit(error: unknown): number | null {
  return error instanceof BundleExportError && error.code === "exhibit_blocked" && error.exhibit !== undefined ? error.exhibit : null;
}
