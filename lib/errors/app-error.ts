// One error type for the app. A missing record and a forbidden one are both
// "not_found", so an id never tells an outsider that something exists.

export type AppErrorCode = "not_found" | "unauthenticated" | "invalid_input" | "conflict" | "rate_limited" | "expired" | "too_large" | "unavailable";

const httpStatus: Record<AppErrorCode, number> = {
  not_found: 404,
  unauthenticated: 401,
  invalid_input: 400,
  conflict: 409,
  rate_limited: 429,
  expired: 410,
  too_large: 413,
  unavailable: 503,
};

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string = code,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): number {
    return httpStatus[this.code];
  }
}
