import { ClientError } from "@/lib/errors/client-error";

/**
 * What an evidence upload fails with (upload-client.ts): a ClientError whose
 * `code` is an i18n key under `errors.`, and whether retrying may help.
 */

export type UploadErrorCode =
  | "evidence.fileChanged"
  | "evidence.readFailed"
  | "evidence.encryptFailed"
  | "evidence.workerFailed"
  | "evidence.cancelled"
  /** The network or server kept failing after every retry: resumable. */
  | "evidence.network"
  | "evidence.rejected"
  | "evidence.unauthenticated"
  | "evidence.notFound"
  | "evidence.conflict"
  | "evidence.expired"
  | "evidence.tooLarge"
  | "evidence.noKey"
  /** The case moved to a new key epoch (a member was removed): resume with the new target. */
  | "evidence.staleEpoch"
  | "evidence.invalidDetails"
  | "evidence.invalidMeta";

const RESUMABLE: readonly UploadErrorCode[] = ["evidence.network", "evidence.workerFailed", "evidence.readFailed", "evidence.staleEpoch", "evidence.conflict"];

export class UploadError extends ClientError<UploadErrorCode> {
  override readonly name = "UploadError";
  /**
   * Worth offering "retry" (resumeUpload with the same file, and a fresh
   * target after "evidence.staleEpoch"): the upload exists on the server and
   * the failure may pass.
   */
  readonly resumable: boolean;

  constructor(
    code: UploadErrorCode,
    readonly details: { status?: number; error?: string; reason?: string; cause?: unknown } = {},
    options: { onServer?: boolean } = {},
  ) {
    super(code, code, { cause: details.cause });
    this.resumable = (options.onServer ?? false) && RESUMABLE.includes(code);
  }
}

export function isUploadError(error: unknown, code?: UploadErrorCode): error is UploadError {
  return error instanceof UploadError && (code === undefined || error.code === code);
}
