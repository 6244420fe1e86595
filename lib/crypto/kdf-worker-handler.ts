/**
 * The body of the KDF Web Worker, kept apart from the `self.onmessage` shell
 * so it can be tested in Node.
 *
 * Must always hold:
 * - The worker answers every request with exactly one response: the sub-keys,
 *   or an error code. It never answers with a master key, and never with zeros.
 * - The passphrase bytes it received are wiped before it answers.
 */
import { CryptoError, isCryptoError, type CryptoErrorCode } from "./errors";
import { wipe } from "./encoding";
import { deriveKeys, type KdfParams } from "./kdf";

export type KdfRequest = {
  /** NFC-normalised UTF-8 passphrase (passphraseBytes), transferred to the worker. */
  passphrase: Uint8Array;
  salt: Uint8Array;
  params: KdfParams;
};

export type KdfResponse =
  | { ok: true; authKey: Uint8Array; wrapKey: Uint8Array }
  | { ok: false; code: CryptoErrorCode };

export async function handleKdfRequest(request: KdfRequest): Promise<KdfResponse> {
  const passphrase = request?.passphrase;
  try {
    if (!(passphrase instanceof Uint8Array) || !(request.salt instanceof Uint8Array)) {
      throw new CryptoError("invalid_input", "malformed KDF request");
    }
    const { authKey, wrapKey } = await deriveKeys(passphrase, request.salt, request.params);
    return { ok: true, authKey, wrapKey };
  } catch (error) {
    return { ok: false, code: isCryptoError(error) ? error.code : "kdf_failed" };
  } finally {
    if (passphrase instanceof Uint8Array) wipe(passphrase);
  }
}

/** Buffers to transfer (not copy) back to the main thread. */
export function responseTransfer(response: KdfResponse): ArrayBuffer[] {
  if (!response.ok) return [];
  return [response.authKey.buffer, response.wrapKey.buffer].filter(
    (buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer,
  );
}
