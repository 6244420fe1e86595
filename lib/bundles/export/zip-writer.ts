/**
 * Writing the bundle ZIP with fflate, in memory the browser can hold.
 *
 * Must always hold:
 * - Entries are stored, not deflated, so a chunk passes straight through;
 *   output is gathered into Blob pieces every 8 MiB (browsers may keep them
 *   outside the JS heap), so the writer itself holds at most ~8 MiB.
 * - fflate writes no ZIP64: past 4 GiB (less 1 MiB of headroom) or 65000
 *   entries it throws BundleExportError("too_large") rather than write a ZIP
 *   the verifier refuses.
 */
import "client-only";
import { Zip, ZipPassThrough } from "fflate";
import { BundleExportError } from "./errors";

export const ZIP_LIMIT = 0xffffffff - 1024 * 1024;
const BLOB_PIECE_BYTES = 8 * 1024 * 1024;

export class ZipWriter {
  readonly #pieces: Blob[] = [];
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #bytes = 0;
  #error: Error | null = null;
  #finished = false;
  readonly #zip: Zip;

  constructor(private readonly mtime: Date) {
    // fflate calls back synchronously from push(); errors are re-thrown after each step by #check.
    this.#zip = new Zip((error, chunk, final) => {
      if (error) {
        this.#error = error;
        return;
      }
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
      this.#bytes += chunk.length;
      if (this.#pendingBytes >= BLOB_PIECE_BYTES) this.#flush();
      if (final) this.#finished = true;
    });
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    this.#pieces.push(new Blob(this.#pending as BlobPart[]));
    this.#pending = [];
    this.#pendingBytes = 0;
  }

  #check(): void {
    if (this.#error) throw new BundleExportError("too_large", this.#error.message, { cause: this.#error });
    if (this.#bytes > ZIP_LIMIT) throw new BundleExportError("too_large", "the bundle would exceed 4 GiB, which this ZIP format cannot hold");
  }

  /** Opens an entry; push its data in order, the last push with `final`. */
  entry(name: string): (data: Uint8Array, final: boolean) => void {
    const entry = new ZipPassThrough(name);
    entry.mtime = this.mtime;
    this.#zip.add(entry);
    return (data, final) => {
      entry.push(data, final);
      this.#check();
    };
  }

  add(name: string, bytes: Uint8Array): void {
    this.entry(name)(bytes, true);
  }

  finish(): Blob {
    this.#zip.end();
    this.#check();
    if (!this.#finished) throw new BundleExportError("invalid_input", "ZIP did not finish");
    this.#flush();
    return new Blob(this.#pieces, { type: "application/zip" });
  }

  /** Drops everything written so far (on any failure). */
  abort(): void {
    this.#zip.terminate();
    this.#pieces.length = 0;
    this.#pending = [];
  }
}
