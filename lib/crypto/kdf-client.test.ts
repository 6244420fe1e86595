/**
 * The worker path: the Worker is created the Next.js way, buffers are transferred, every failure is a CryptoError (never a hang).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { isAllZero, toHex, utf8Encode } from "./encoding";
import { DEFAULT_KDF_PARAMS, deriveKeys, passphraseBytes, type KdfParams } from "./kdf";
import { KDF_WORKER_TIMEOUT_MS, deriveKeysInWorker } from "./kdf-client";
import { handleKdfRequest, responseTransfer, type KdfRequest, type KdfResponse } from "./kdf-worker-handler";
import { expectCryptoError } from "./test-support";

const FAST: KdfParams = { alg: "argon2id13", opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };
const SALT = utf8Encode("0123456789abcdef");

type Behaviour = "handler" | "crash" | "garbage" | "zeros" | "silent";

/** Stands in for the browser Worker: runs the real handler in-process. */
function installFakeWorker(behaviour: Behaviour) {
  const created: { url: URL; options: WorkerOptions | undefined; transferred: unknown[]; terminated: boolean }[] = [];
  class FakeWorker {
    onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
    onmessageerror: (() => void) | null = null;
    onerror: ((event: ErrorEvent) => void) | null = null;
    private readonly record;

    constructor(url: URL, options?: WorkerOptions) {
      this.record = { url, options, transferred: [] as unknown[], terminated: false };
      created.push(this.record);
    }

    postMessage(request: KdfRequest, transfer: unknown[]) {
      this.record.transferred = transfer;
      void (async () => {
        if (behaviour === "crash") {
          // Node has no ErrorEvent; the client only calls preventDefault().
          this.onerror?.({ message: "boom", preventDefault() {} } as unknown as ErrorEvent);
          return;
        }
        if (behaviour === "silent") return;
        let response: unknown;
        if (behaviour === "garbage") response = { ok: true, authKey: "nope" };
        else if (behaviour === "zeros") response = { ok: false, code: "weak_kdf_output" } satisfies KdfResponse;
        else response = await handleKdfRequest(request);
        this.onmessage?.(new MessageEvent("message", { data: response }));
      })();
    }

    terminate() {
      this.record.terminated = true;
    }
  }
  vi.stubGlobal("Worker", FakeWorker);
  return created;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("handleKdfRequest (the worker body)", () => {
  it("answers with the same sub-keys as deriveKeys and wipes the passphrase bytes", async () => {
    const passphrase = passphraseBytes("Свидетельство о пытках");
    const response = await handleKdfRequest({ passphrase, salt: SALT, params: FAST });
    const expected = await deriveKeys("Свидетельство о пытках", SALT, FAST);
    expect(response.ok).toBe(true);
    if (!response.ok) return;
    expect(toHex(response.authKey)).toBe(toHex(expected.authKey));
    expect(toHex(response.wrapKey)).toBe(toHex(expected.wrapKey));
    expect(isAllZero(passphrase)).toBe(true);
    expect(responseTransfer(response)).toEqual([response.authKey.buffer, response.wrapKey.buffer]);
  });

  it("answers with an error code, never throws", async () => {
    const bad = await handleKdfRequest({ passphrase: passphraseBytes("x"), salt: new Uint8Array(3), params: FAST });
    expect(bad).toEqual({ ok: false, code: "invalid_input" });
    const params = await handleKdfRequest({ passphrase: passphraseBytes("x"), salt: SALT, params: { ...FAST, opsLimit: 0 } });
    expect(params).toEqual({ ok: false, code: "invalid_kdf_params" });
    const malformed = await handleKdfRequest(null as unknown as KdfRequest);
    expect(malformed).toEqual({ ok: false, code: "invalid_input" });
    expect(responseTransfer(bad)).toEqual([]);
  });
});

describe("deriveKeysInWorker", () => {
  it("uses new Worker(new URL('./kdf.worker.ts', import.meta.url), { type: 'module' }), transfers buffers, terminates", async () => {
    const created = installFakeWorker("handler");
    const keys = await deriveKeysInWorker("correct horse", SALT, DEFAULT_KDF_PARAMS);
    const expected = await deriveKeys("correct horse", SALT, DEFAULT_KDF_PARAMS);
    expect(toHex(keys.authKey)).toBe(toHex(expected.authKey));
    expect(toHex(keys.wrapKey)).toBe(toHex(expected.wrapKey));
    expect(created).toHaveLength(1);
    const [worker] = created;
    expect(worker?.url.pathname.endsWith("/lib/crypto/kdf.worker.ts")).toBe(true);
    expect(worker?.options).toEqual({ type: "module" });
    expect(worker?.transferred).toHaveLength(2);
    expect(worker?.terminated).toBe(true);
    expect(toHex(SALT)).toBe(toHex(utf8Encode("0123456789abcdef")));
  });

  it("refuses server-supplied parameters below the floor before starting a worker", async () => {
    const created = installFakeWorker("handler");
    await expectCryptoError(deriveKeysInWorker("p", SALT, FAST), "weak_kdf_params");
    await expectCryptoError(deriveKeysInWorker("p", SALT, { ...DEFAULT_KDF_PARAMS, alg: "scrypt" } as unknown as KdfParams), "invalid_kdf_params");
    expect(created).toHaveLength(0);
  });

  it("passes the worker's error code through (e.g. weak_kdf_output)", async () => {
    const created = installFakeWorker("zeros");
    await expectCryptoError(deriveKeysInWorker("p", SALT, DEFAULT_KDF_PARAMS), "weak_kdf_output");
    expect(created[0]?.terminated).toBe(true);
  });

  it("turns a crashed worker or a malformed answer into kdf_failed", async () => {
    installFakeWorker("crash");
    await expectCryptoError(deriveKeysInWorker("p", SALT, DEFAULT_KDF_PARAMS), "kdf_failed");
    installFakeWorker("garbage");
    await expectCryptoError(deriveKeysInWorker("p", SALT, DEFAULT_KDF_PARAMS), "kdf_failed");
  });

  it("gives up on a silent worker with kdf_failed instead of hanging", async () => {
    vi.useFakeTimers();
    try {
      const created = installFakeWorker("silent");
      const pending = expectCryptoError(deriveKeysInWorker("p", SALT, DEFAULT_KDF_PARAMS), "kdf_failed");
      await vi.advanceTimersByTimeAsync(KDF_WORKER_TIMEOUT_MS + 1);
      await pending;
      expect(created[0]?.terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
