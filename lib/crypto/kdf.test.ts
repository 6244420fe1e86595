/**
 * Passphrase KDF: determinism, NFC, parameter checks, all-zero/failed Argon2id never returns a key, and one run at the real defaults.
 */
import { describe, expect, it } from "vitest";
import { sameBytes } from "@/lib/encoding/same-bytes";
import { isAllZero, toHex, utf8Encode } from "./encoding";
import {
  DEFAULT_KDF_PARAMS,
  MIN_KDF_PARAMS,
  assertKdfParamsAtLeast,
  checkKdfParams,
  deriveKeys,
  deriveMasterKey,
  deriveSubKeys,
  newKdfParams,
  type KdfParams,
  type PwhashFn,
} from "./kdf";
import { loadSodium } from "./sodium";
import { expectCryptoError } from "./test-support";

/** Fast parameters for tests (the real defaults are exercised once below). */
const FAST: KdfParams = { alg: "argon2id13", opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };
const SALT = utf8Encode("0123456789abcdef");

describe("KDF parameters", () => {
  it("newKdfParams gives the DESIGN.md defaults and a fresh 16-byte salt", async () => {
    const a = await newKdfParams();
    const b = await newKdfParams();
    expect(a.params).toEqual({ alg: "argon2id13", opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 });
    expect(a.salt).toHaveLength(16);
    expect(sameBytes(a.salt, b.salt)).toBe(false);
  });

  it("checkKdfParams accepts good parameters and rejects malformed ones", async () => {
    expect(checkKdfParams({ ...FAST, extra: "ignored" })).toEqual(FAST);
    const bad: unknown[] = [
      null,
      "argon2id13",
      { ...FAST, alg: "argon2i13" },
      { ...FAST, opsLimit: 0 },
      { ...FAST, opsLimit: 2.5 },
      { ...FAST, opsLimit: "3" },
      { ...FAST, memLimitBytes: 1024 },
      { ...FAST, memLimitBytes: 4 * 1024 * 1024 * 1024 },
    ];
    for (const params of bad) await expectCryptoError(() => checkKdfParams(params), "invalid_kdf_params");
  });

  it("assertKdfParamsAtLeast refuses parameters below the login floor", async () => {
    expect(() => assertKdfParamsAtLeast(DEFAULT_KDF_PARAMS)).not.toThrow();
    expect(() => assertKdfParamsAtLeast({ ...DEFAULT_KDF_PARAMS, opsLimit: 4 })).not.toThrow();
    await expectCryptoError(() => assertKdfParamsAtLeast(FAST), "weak_kdf_params");
    await expectCryptoError(() => assertKdfParamsAtLeast({ ...MIN_KDF_PARAMS, memLimitBytes: 32 * 1024 * 1024 }), "weak_kdf_params");
  });
});

describe("deriveMasterKey", () => {
  it("is deterministic for passphrase, salt and params, and sensitive to each", async () => {
    const key = await deriveMasterKey("correct horse battery staple", SALT, FAST);
    expect(key).toHaveLength(32);
    expect(toHex(await deriveMasterKey("correct horse battery staple", SALT, FAST))).toBe(toHex(key));
    const others = [
      await deriveMasterKey("correct horse battery stapler", SALT, FAST),
      await deriveMasterKey("correct horse battery staple", utf8Encode("0123456789abcdeX"), FAST),
      await deriveMasterKey("correct horse battery staple", SALT, { ...FAST, opsLimit: 2 }),
    ];
    for (const other of others) expect(toHex(other)).not.toBe(toHex(key));
  });

  it("normalises passphrases to NFC (composed and decomposed й derive the same key)", async () => {
    const composed = "пароль-й".normalize("NFC");
    const decomposed = "пароль-й".normalize("NFD");
    expect(composed).not.toBe(decomposed);
    expect(toHex(await deriveMasterKey(decomposed, SALT, FAST))).toBe(toHex(await deriveMasterKey(composed, SALT, FAST)));
  });

  it("rejects an empty passphrase and a salt that is not 16 bytes", async () => {
    await expectCryptoError(deriveMasterKey("", SALT, FAST), "invalid_input");
    await expectCryptoError(deriveMasterKey("x", new Uint8Array(15), FAST), "invalid_input");
  });

  it("throws weak_kdf_output (never returns) when Argon2id yields all zeros", async () => {
    const zeros: PwhashFn = (length) => new Uint8Array(length);
    await expectCryptoError(deriveMasterKey("passphrase", SALT, FAST, zeros), "weak_kdf_output");
    await expectCryptoError(deriveKeys("passphrase", SALT, FAST, zeros), "weak_kdf_output");
  });

  it("throws kdf_failed when Argon2id fails (out of memory) or returns a short key", async () => {
    const outOfMemory: PwhashFn = () => {
      throw new Error("Cannot enlarge memory arrays");
    };
    await expectCryptoError(deriveMasterKey("passphrase", SALT, FAST, outOfMemory), "kdf_failed");
    await expectCryptoError(deriveMasterKey("passphrase", SALT, FAST, () => new Uint8Array(16).fill(7)), "kdf_failed");
  });

  it("passes the parameters through to crypto_pwhash unchanged", async () => {
    const sodium = await loadSodium();
    const seen: unknown[] = [];
    const spy: PwhashFn = (...args) => {
      seen.push(args.slice(2));
      return sodium.crypto_pwhash(...args);
    };
    await deriveMasterKey("p", SALT, FAST, spy);
    expect(seen).toEqual([[SALT, 1, 8 * 1024 * 1024, sodium.crypto_pwhash_ALG_ARGON2ID13]]);
  });

  it("derives at the real defaults (opslimit 3, 64 MiB)", async () => {
    const started = performance.now();
    const keys = await deriveKeys("Свидетельство о пытках", SALT, DEFAULT_KDF_PARAMS);
    const elapsed = performance.now() - started;
    expect(keys.authKey).toHaveLength(32);
    expect(keys.wrapKey).toHaveLength(32);
    expect(elapsed).toBeLessThan(20_000);
  });
});

describe("deriveSubKeys", () => {
  it("gives two distinct 32-byte keys, deterministically", async () => {
    const master = Uint8Array.from({ length: 32 }, (_, i) => i);
    const a = await deriveSubKeys(master);
    const b = await deriveSubKeys(master);
    expect(a.authKey).toHaveLength(32);
    expect(a.wrapKey).toHaveLength(32);
    expect(toHex(a.authKey)).not.toBe(toHex(a.wrapKey));
    expect(toHex(b.authKey)).toBe(toHex(a.authKey));
    expect(toHex(b.wrapKey)).toBe(toHex(a.wrapKey));
  });

  it("uses the documented contexts and ids (cv-auth_/1, cv-wrap_/2)", async () => {
    const sodium = await loadSodium();
    const master = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    const keys = await deriveSubKeys(master);
    expect(toHex(keys.authKey)).toBe(toHex(sodium.crypto_kdf_derive_from_key(32, 1, "cv-auth_", master)));
    expect(toHex(keys.wrapKey)).toBe(toHex(sodium.crypto_kdf_derive_from_key(32, 2, "cv-wrap_", master)));
  });

  it("rejects a master key of the wrong size or all zeros", async () => {
    await expectCryptoError(deriveSubKeys(new Uint8Array(31).fill(1)), "invalid_input");
    await expectCryptoError(deriveSubKeys(new Uint8Array(32)), "weak_kdf_output");
  });

  it("deriveKeys wipes the master key it created", async () => {
    const sodium = await loadSodium();
    let master: Uint8Array | undefined;
    const capture: PwhashFn = (...args) => {
      master = sodium.crypto_pwhash(...args);
      return master;
    };
    const keys = await deriveKeys("passphrase", SALT, FAST, capture);
    expect(master && isAllZero(master)).toBe(true);
    expect(isAllZero(keys.authKey)).toBe(false);
  });
});
