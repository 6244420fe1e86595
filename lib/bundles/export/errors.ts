/** Why a bundle was not exported; nothing is saved when one is thrown. */
/** "timestamp_unavailable": TSA_URL is set and no timestamp could be had for the manifest (the TSA is down or answered wrongly). */
export type BundleExportErrorCode = "invalid_input" | "bad_signature" | "hash_mismatch" | "too_large" | "timestamp_unavailable";

export class BundleExportError extends Error {
  override readonly name = "BundleExportError";
  constructor(
    readonly code: BundleExportErrorCode,
    message: string,
    options?: { cause?: unknown; exhibit?: number },
  ) {
    super(message, options);
    this.exhibit = options?.exhibit;
  }

  /** The exhibit number the error is about, when it is about one. */
  readonly exhibit: number | undefined;
}
