/**
 * Browser entry point for the passphrase KDF: runs Argon2id in a Web Worker.
 *
 * Must always hold:
 * - Parameters from the server are checked before any work: malformed →
 *   "invalid_kdf_params", below MIN_KDF_PARAMS → "weak_kdf_params" (a lying
 *   server cannot make the passphrase cheap to brute-force).
 * - The promise resolves with two 32-byte keys or rejects with a CryptoError;
 *   a crashed worker, or one silent for KDF_WORKER_TIMEOUT_MS, is "kdf_failed"
 *   (the caller is never left waiting forever).
 * - The passphrase is sent as NFC UTF-8 bytes whose buffer is transferred, so
 *   no byte copy stays on the main thread (the caller's string cannot be
 *   wiped: drop it after this call). Each call gets its own worker,
 *   terminated afterwards, which frees Argon2id's memory.
 */
import { CryptoError, isCryptoErrorCode } from "./errors";
import { assertLength, wipe } from "./encoding";
import { SALT_BYTES, SUB_KEY_BYTES, assertKdfParamsAtLeast, checkKdfParams, passphraseBytes, type KdfParams, type SubKeys } from "./kdf";
import type { KdfRequest } from "./kdf-worker-handler";

/** Far above any sane derivation time; only a dead or hung worker gets here. */
export const KDF_WORKER_TIMEOUT_MS = 120_000;

function isKey(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === SUB_KEY_BYTES;
}

function readResponse(data: unknown): SubKeys {
  const response = (typeof data === "object" && data !== null ? data : {}) as {
    ok?: unknown;
    authKey?: unknown;
    wrapKey?: unknown;
    code?: unknown;
  };
  if (response.ok === true && isKey(response.authKey) && isKey(response.wrapKey)) {
    return { authKey: response.authKey, wrapKey: response.wrapKey };
  }
  const code = response.ok === false && isCryptoErrorCode(response.code) ? response.code : "kdf_failed";
  throw new CryptoError(code, "key derivation failed in the worker");
}

export async function deriveKeysInWorker(passphrase: string, salt: Uint8Array, params: KdfParams): Promise<SubKeys> {
  const checked = checkKdfParams(params);
  assertKdfParamsAtLeast(checked);
  assertLength(salt, SALT_BYTES, "salt");
  const passphraseCopy = passphraseBytes(passphrase);
  const saltCopy = new Uint8Array(salt);
  const request: KdfRequest = { passphrase: passphraseCopy, salt: saltCopy, params: checked };

  let worker: Worker;
  try {
    worker = new Worker(new URL("./kdf.worker.ts", import.meta.url), { type: "module" });
  } catch (cause) {
    wipe(passphraseCopy);
    throw new CryptoError("kdf_failed", "could not start the KDF worker", { cause });
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await new Promise<SubKeys>((resolve, reject) => {
      timer = setTimeout(() => reject(new CryptoError("kdf_failed", "the KDF worker did not answer")), KDF_WORKER_TIMEOUT_MS);
      worker.onmessage = (event: MessageEvent<unknown>) => {
        try {
          resolve(readResponse(event.data));
        } catch (error) {
          reject(error);
        }
      };
      worker.onmessageerror = () => reject(new CryptoError("kdf_failed", "unreadable worker response"));
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        reject(new CryptoError("kdf_failed", "the KDF worker crashed"));
      };
      try {
        worker.postMessage(request, [passphraseCopy.buffer, saltCopy.buffer]);
      } catch (cause) {
        reject(new CryptoError("kdf_failed", "could not start the KDF worker", { cause }));
      }
    });
  } finally {
    clearTimeout(timer);
    worker.terminate();
    wipe(passphraseCopy); // no-op once transferred (the buffer is detached)
  }
}
