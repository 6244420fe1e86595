/**
 * The libsodium facade (loaded once, allowed functions only) and SHA-256.
 */
import { describe, expect, it } from "vitest";
import { toHex, utf8Encode } from "./encoding";
import { createSha256, sha256 } from "./sha256";
import { loadSodium } from "./sodium";

describe("the libsodium facade", () => {
  it("loads once and hands every caller the same frozen facade", async () => {
    const [a, b] = await Promise.all([loadSodium(), loadSodium()]);
    expect(a).toBe(b);
    expect(a).toBe(await loadSodium());
    expect(Object.isFrozen(a)).toBe(true);
    expect(a.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES).toBe(24);
    expect(a.crypto_secretstream_xchacha20poly1305_ABYTES).toBe(17);
    expect(a.crypto_secretstream_xchacha20poly1305_HEADERBYTES).toBe(24);
    expect(a.crypto_pwhash_SALTBYTES).toBe(16);
    expect(a.crypto_kdf_CONTEXTBYTES).toBe(8);
    expect(a.crypto_box_SEALBYTES).toBe(48);
  });

  it("exposes only the allowed functions (no raw secretbox, no scrypt, no string-returning helpers)", async () => {
    const names = Object.keys(await loadSodium());
    expect(names).not.toContain("crypto_secretbox_easy");
    expect(names).not.toContain("crypto_pwhash_scryptsalsa208sha256");
    expect(names).not.toContain("to_base64");
    expect(names.every((name) => name.startsWith("crypto_") || name.startsWith("randombytes_"))).toBe(true);
  });
});

describe("sha256", () => {
  // Source: FIPS 180-2 Appendix B.1 / NIST example: SHA-256("abc").
  const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  it('one-shot SHA-256("abc") matches FIPS 180-2 B.1', async () => {
    expect(toHex(await sha256(utf8Encode("abc")))).toBe(ABC);
  });

  it("incremental hashing gives the same digest however the input is split", async () => {
    const hasher = await createSha256();
    hasher.update(utf8Encode("a"));
    hasher.update(new Uint8Array(0));
    hasher.update(utf8Encode("bc"));
    expect(toHex(hasher.digest())).toBe(ABC);
    expect(() => hasher.update(utf8Encode("more"))).toThrow();
  });
});
