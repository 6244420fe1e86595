/**
 * The upload's HTTP requests (upload-client.ts), each retried on network
 * errors, timeouts and 408/425/429/5xx with exponential backoff and jitter,
 * Retry-After honoured up to the cap; every other refusal is mapped once to
 * an UploadError code.
 *
 * Must always hold:
 * - A retry sends the same body it was given (a part's bytes are never
 *   re-made here), and nothing is logged.
 * - Once the upload's signal is aborted no request starts and no wait goes on
 *   ("evidence.cancelled"), unless the request says `ignoreCancel` (the
 *   DELETE that a cancel itself sends).
 */
import "client-only";
import { UploadError, type UploadErrorCode } from "./upload-errors";

export type RetryPolicy = {
  /** Tries per request, the first included (≥ 5). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** One attempt is abandoned (and retried) after this long. */
  attemptTimeoutMs: number;
};

/** 0.5 s, 1 s, 2 s … capped at 15 s: ~75 s of retries, long enough for a server restart. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 9, baseDelayMs: 500, maxDelayMs: 15_000, attemptTimeoutMs: 120_000 };

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export type UploadRequestBody = {
  json?: unknown;
  bytes?: ArrayBuffer;
  headers?: Record<string, string>;
  /** The code a 409 maps to (default "evidence.conflict"). */
  conflict?: UploadErrorCode;
  /** Go on after the upload is cancelled (the cancel's own DELETE). */
  ignoreCancel?: boolean;
  /** Tries for this request instead of the policy's. */
  attempts?: number;
};

async function httpError(response: Response, conflict: UploadErrorCode = "evidence.conflict"): Promise<UploadError> {
  let body: { error?: unknown; reason?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const details = {
    status: response.status,
    error: typeof body.error === "string" ? body.error : undefined,
    reason: typeof body.reason === "string" ? body.reason : undefined,
  };
  const code: UploadErrorCode =
    details.reason === "epoch.stale"
      ? "evidence.staleEpoch"
      : response.status === 401
      ? "evidence.unauthenticated"
      : response.status === 403 || response.status === 404
        ? "evidence.notFound"
        : response.status === 409
          ? conflict
          : response.status === 410
            ? "evidence.expired"
            : response.status === 413
              ? "evidence.tooLarge"
              : RETRYABLE_STATUS.has(response.status)
                ? "evidence.network"
                : "evidence.rejected";
  return new UploadError(code, details);
}

/** Requests of one upload: its fetch, its retry policy (attempts raised to at least 5), its cancel signal. */
export class UploadHttp {
  readonly #fetch: typeof fetch;
  readonly #retry: RetryPolicy;
  readonly #signal: AbortSignal;

  constructor(options: { fetch: typeof fetch; retry?: Partial<RetryPolicy>; signal: AbortSignal }) {
    this.#fetch = options.fetch;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#retry.attempts = Math.max(5, Math.floor(this.#retry.attempts));
    this.#signal = options.signal;
  }

  /**
   * One request, retried on network errors, timeouts, 408/425/429/5xx with
   * exponential backoff and jitter (Retry-After honoured up to the cap).
   */
  async request(method: string, url: string, body: UploadRequestBody = {}): Promise<Response> {
    const attempts = body.attempts ?? this.#retry.attempts;
    let lastError: UploadError = new UploadError("evidence.network");
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (!body.ignoreCancel && this.#signal.aborted) throw new UploadError("evidence.cancelled");
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      if (!body.ignoreCancel) this.#signal.addEventListener("abort", onAbort);
      const timer = setTimeout(() => controller.abort(), this.#retry.attemptTimeoutMs);
      let retryAfterMs: number | undefined;
      try {
        const headers: Record<string, string> = { ...body.headers };
        let payload: BodyInit | undefined;
        if (body.json !== undefined) {
          headers["content-type"] = "application/json";
          payload = JSON.stringify(body.json);
        } else if (body.bytes !== undefined) {
          headers["content-type"] = "application/octet-stream";
          // A Blob, not the ArrayBuffer: a devtools-protocol client (Playwright
          // in npm run bench:upload) copies an ArrayBuffer body into its event
          // log on every request, not a Blob's, so the bench measures the app
          // rather than the harness (STACK.md). The network sees the same bytes.
          payload = new Blob([body.bytes], { type: "application/octet-stream" });
        }
        const response = await this.#fetch(url, { method, headers, body: payload, signal: controller.signal, credentials: "same-origin", cache: "no-store" });
        if (response.ok) return response;
        const error = await httpError(response, body.conflict);
        if (!RETRYABLE_STATUS.has(response.status)) throw error;
        lastError = error;
        const retryAfter = Number(response.headers.get("retry-after"));
        if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = retryAfter * 1000;
      } catch (error) {
        if (error instanceof UploadError) throw error;
        if (!body.ignoreCancel && this.#signal.aborted) throw new UploadError("evidence.cancelled");
        lastError = new UploadError("evidence.network", { cause: error }); // offline, refused, reset, timed out
      } finally {
        clearTimeout(timer);
        this.#signal.removeEventListener("abort", onAbort);
      }
      if (attempt < attempts) await this.#sleep(this.#backoff(attempt, retryAfterMs), body.ignoreCancel);
    }
    throw lastError;
  }

  #backoff(attempt: number, retryAfterMs?: number): number {
    const { baseDelayMs, maxDelayMs } = this.#retry;
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    const jittered = exponential * (0.5 + Math.random() * 0.5);
    return Math.min(maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
  }

  #sleep(ms: number, ignoreCancel?: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.#signal;
      if (!ignoreCancel && signal.aborted) {
        reject(new UploadError("evidence.cancelled"));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(new UploadError("evidence.cancelled"));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      if (!ignoreCancel) signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
