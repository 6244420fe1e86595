// The browser side's one error type, as AppError is the server's. Everything
// the browser code throws on purpose is a ClientError: the UI tells failures
// apart by `code`, never by parsing a message or by a class per module.
// A domain narrows `code` to its own list and may add the numbers it reports
// (a part, an exhibit); it never adds data. Invariant: messages are for
// developers and never carry key material, plaintext, names or passphrases.

export class ClientError<Code extends string = string> extends Error {
  override readonly name: string = "ClientError";

  constructor(
    readonly code: Code,
    message: string = code,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for any browser-side error made on purpose; with `code`, only that one. */
export function isClientError(error: unknown, code?: string): error is ClientError {
  return error instanceof ClientError && (code === undefined || error.code === code);
}
