/**
 * An upload's progress as its caller sees it (upload-client.ts): the phase,
 * the bytes the server holds, the upload speed over the last seconds and the
 * time left. Every change is reported to `onProgress` as a copy.
 */

/** "reading": the file is read once and its segments hashed before anything is sent (plain-segments.ts). */
export type UploadPhase = "reading" | "preparing" | "uploading" | "finalising" | "done";

export type UploadProgress = {
  phase: UploadPhase;
  /** Ciphertext bytes the server holds (parts acknowledged, including those from earlier attempts). */
  bytesUploaded: number;
  /** Ciphertext bytes in all. */
  bytesTotal: number;
  /** While "reading": the share of the file read and hashed, 0–1. */
  readRatio?: number;
  /** Plaintext bytes read and encrypted so far (a resumed upload re-reads from the start). */
  bytesEncrypted: number;
  /** Upload speed in bytes per second, smoothed over the last seconds; 0 until known. */
  speed: number;
  /** Estimated seconds to go, null until the speed is known. */
  secondsLeft: number | null;
};

export class ProgressMeter {
  readonly #now: () => number;
  readonly #onProgress: ((progress: UploadProgress) => void) | undefined;
  #progress: UploadProgress;
  #speedSamples: { at: number; bytes: number }[] = [];
  /** Bytes acknowledged in this run (not those stored by earlier attempts): what the speed is measured on. */
  #sessionBytes = 0;

  constructor(options: { bytesTotal: number; now: () => number; onProgress?: (progress: UploadProgress) => void }) {
    this.#now = options.now;
    this.#onProgress = options.onProgress;
    this.#progress = { phase: "preparing", bytesUploaded: 0, bytesTotal: options.bytesTotal, bytesEncrypted: 0, speed: 0, secondsLeft: null };
  }

  /** A copy of the latest progress. */
  get current(): UploadProgress {
    return { ...this.#progress };
  }

  emit(change: Partial<UploadProgress>): void {
    this.#progress = { ...this.#progress, ...change };
    const remaining = this.#progress.bytesTotal - this.#progress.bytesUploaded;
    this.#progress.secondsLeft = this.#progress.speed > 0 ? Math.ceil(remaining / this.#progress.speed) : this.#progress.phase === "done" ? 0 : null;
    this.#onProgress?.({ ...this.#progress });
  }

  /** The speed is measured from now on (a round of parts starts). */
  restartWindow(): void {
    this.#speedSamples = [{ at: this.#now(), bytes: this.#sessionBytes }];
  }

  /** The server acknowledged a part of `bytes`: count it, and report the new speed. */
  uploaded(bytes: number): void {
    const speed = this.#recordUploaded(bytes);
    this.emit({ bytesUploaded: this.#progress.bytesUploaded + bytes, speed });
  }

  /** Bytes per second over the last ~10 s, lightly smoothed. */
  #recordUploaded(bytes: number): number {
    const now = this.#now();
    this.#sessionBytes += bytes;
    this.#speedSamples.push({ at: now, bytes: this.#sessionBytes });
    while (this.#speedSamples.length > 2 && now - (this.#speedSamples[1]?.at ?? now) > 10_000) this.#speedSamples.shift();
    const first = this.#speedSamples[0];
    if (!first) return this.#progress.speed;
    const seconds = (now - first.at) / 1000;
    if (seconds < 0.05) return this.#progress.speed;
    const window = (this.#sessionBytes - first.bytes) / seconds;
    return this.#progress.speed > 0 ? 0.7 * this.#progress.speed + 0.3 * window : window;
  }
}
