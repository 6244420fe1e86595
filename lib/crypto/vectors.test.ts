/**
 * Known-answer tests: the primitives behind lib/crypto produce the published
 * outputs. Each vector names its source; none is self-generated.
 */
import { describe, expect, it } from "vitest";
import { fromHex, toHex, utf8Encode } from "./encoding";
import { deriveMasterKey } from "./kdf";
import { loadSodium } from "./sodium";

describe("Argon2id13 (crypto_pwhash)", () => {
  // Source: libsodium test/default/pwhash_argon2id.c, tv() entry 0, expected
  // output = first line of test/default/pwhash_argon2id.exp
  // (github.com/jedisct1/libsodium). The RFC 9106 §5.3 Argon2id vector uses
  // p=4 plus a secret and associated data, which crypto_pwhash cannot express
  // (it fixes p=1, no secret/AD), so libsodium's own vectors are used instead.
  // The salt buffer in that test is crypto_pwhash_SALTBYTES (16) long, so only
  // the first 16 bytes of the listed salt are used.
  it("matches libsodium's pwhash_argon2id tv[0] (outlen 155, ops 5, mem 7256678)", async () => {
    const sodium = await loadSodium();
    const out = sodium.crypto_pwhash(
      155,
      fromHex(
        "a347ae92bce9f80f6f595a4480fc9c2fe7e7d7148d371e9487d75f5c23008ffae0" +
          "65577a928febd9b1973a5a95073acdbeb6a030cfc0d79caa2dc5cd011cef02c08d" +
          "a232d76d52dfbca38ca8dcbd665b17d1665f7cf5fe59772ec909733b24de97d6f5" +
          "8d220b20c60d7c07ec1fd93c52c31020300c6c1facd77937a597c7a6",
      ),
      fromHex("5541fbc995d5c197ba290346d2c559de"),
      5,
      7256678,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
    expect(toHex(out)).toBe(
      "18acec5d6507739f203d1f5d9f1d862f7c2cdac4f19d2bdff64487e60d969e3ced615337b9eec6ac4461c6ca07f0939741e57c24d0005c7ea171a0ee1e7348249d135b38f222e4dad7b9a033ed83f5ca27277393e316582033c74affe2566a2bea47f91f0fd9fe49ece7e1f79f3ad6e9b23e0277c8ecc4b313225748dd2a80f5679534a0700e246a79a49b3f74eb89ec6205fe1eeb941c73b1fcf1",
    );
  });

  // Source: libsodium test/default/pwhash_argon2id.c tv() entry 6 (opslimit 1),
  // expected = 6th output line of pwhash_argon2id.exp.
  it("matches libsodium's pwhash_argon2id tv[6] (outlen 231, ops 1, mem 1631659)", async () => {
    const sodium = await loadSodium();
    const out = sodium.crypto_pwhash(
      231,
      fromHex("b540beb016a5366524d4605156493f9874514a5aa58818cd0c6dfffaa9e90205f17b"),
      fromHex("44071f6d181561670bda728d43fb79b4"),
      1,
      1631659,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
    expect(toHex(out)).toBe(
      "7fb72409b0987f8190c3729710e98c3f80c5a8727d425fdcde7f3644d467fe973f5b5fee683bd3fce812cb9ae5e9921a2d06c2f1905e4e839692f2b934b682f11a2fe2b90482ea5dd234863516dba6f52dc0702d324ec77d860c2e181f84472bd7104fedce071ffa93c5309494ad51623d214447a7b2b1462dc7d5d55a1f6fd5b54ce024118d86f0c6489d16545aaa87b6689dad9f2fb47fda9894f8e12b87d978b483ccd4cc5fd9595cdc7a818452f915ce2f7df95ec12b1c72e3788d473441d884f9748eb14703c21b45d82fd667b85f5b2d98c13303b3fe76285531a826b6fc0fe8e3dddecf",
    );
  });

  // Through the public API (32-byte output, memLimitBytes in bytes, our test
  // parameters: ops 2, 8 MiB). Source: iov-one/iov-core
  // packages/iov-crypto/src/libsodium.spec.ts, generated with the Argon2
  // reference CLI: `echo -n "123" | ./argon2 ABCDEFGHIJKLMNOP -id -v 13 -k 8192 -t 2`
  // (p=1, the CLI default, as in crypto_pwhash).
  it("deriveMasterKey matches the Argon2 reference CLI (ops 2, 8 MiB, 32 bytes)", async () => {
    const key = await deriveMasterKey("123", utf8Encode("ABCDEFGHIJKLMNOP"), {
      alg: "argon2id13",
      opsLimit: 2,
      memLimitBytes: 8 * 1024 * 1024,
    });
    expect(toHex(key)).toBe("3ee950488d26ce691657b1d753f562139857b61a58f234d6cb0ce84c4cc27328");
  });
});

describe("crypto_kdf_derive_from_key (BLAKE2b)", () => {
  // Source: libsodium test/default/kdf.c (context "KDF test", master key
  // 00..1f) and test/default/kdf.exp: line 1 (id 0, 64 bytes) and the
  // 32-byte line of the second loop (id 32, 32 bytes).
  it("matches libsodium's kdf.exp", async () => {
    const sodium = await loadSodium();
    const master = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(toHex(sodium.crypto_kdf_derive_from_key(64, 0, "KDF test", master))).toBe(
      "a0c724404728c8bb95e5433eb6a9716171144d61efb23e74b873fcbeda51d8071b5d70aae12066dfc94ce943f145aa176c055040c3dd73b0a15e36254d450614",
    );
    expect(toHex(sodium.crypto_kdf_derive_from_key(32, 32, "KDF test", master))).toBe(
      "154b291f11196737f8b7f491e4ca11764e0227d34f94295408a869f007aa8618",
    );
  });
});

describe("XChaCha20-Poly1305 IETF", () => {
  // Source: draft-irtf-cfrg-xchacha-03, Appendix A.3.1 (AEAD_XCHACHA20_POLY1305).
  const plaintext = fromHex(
    "4c616469657320616e642047656e746c656d656e206f662074686520636c6173" +
      "73206f66202739393a204966204920636f756c64206f6666657220796f75206f" +
      "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73" +
      "637265656e20776f756c642062652069742e",
  );
  const aad = fromHex("50515253c0c1c2c3c4c5c6c7");
  const key = fromHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
  const nonce = fromHex("404142434445464748494a4b4c4d4e4f5051525354555657");
  const ciphertext =
    "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb" +
    "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452" +
    "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9" +
    "21f9664c97637da9768812f615c68b13b52e";
  const tag = "c0875924c1c7987947deafd8780acf49";

  it("encrypts to the published ciphertext and tag", async () => {
    const sodium = await loadSodium();
    const out = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, null, nonce, key);
    expect(toHex(out)).toBe(ciphertext + tag);
  });

  it("decrypts the published ciphertext", async () => {
    const sodium = await loadSodium();
    const out = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, fromHex(ciphertext + tag), aad, nonce, key);
    expect(toHex(out)).toBe(toHex(plaintext));
  });
});

describe("Ed25519", () => {
  // Source: RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
  const vectors = [
    {
      name: "TEST 1",
      seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
      publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
      message: "",
      signature:
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    },
    {
      name: "TEST 2",
      seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
      publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
      message: "72",
      signature:
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    },
  ];

  for (const v of vectors) {
    it(`RFC 8032 ${v.name}: public key, signature and verification`, async () => {
      const sodium = await loadSodium();
      const pair = sodium.crypto_sign_seed_keypair(fromHex(v.seed));
      expect(toHex(pair.publicKey)).toBe(v.publicKey);
      const signature = sodium.crypto_sign_detached(fromHex(v.message), pair.privateKey);
      expect(toHex(signature)).toBe(v.signature);
      expect(sodium.crypto_sign_verify_detached(fromHex(v.signature), fromHex(v.message), fromHex(v.publicKey))).toBe(true);
    });
  }
});

describe("BLAKE2b (crypto_generichash)", () => {
  // Source: RFC 7693 Appendix A, BLAKE2b-512("abc").
  it('RFC 7693 Appendix A: BLAKE2b-512("abc")', async () => {
    const sodium = await loadSodium();
    expect(toHex(sodium.crypto_generichash(64, utf8Encode("abc"), null))).toBe(
      "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1" +
        "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
    );
  });

  // Source: BLAKE2 reference test vectors, testvectors/blake2b-kat.txt
  // (github.com/BLAKE2/BLAKE2), keyed: key = 00..3f, in = "" (empty).
  it("BLAKE2 blake2b-kat.txt: keyed, empty input", async () => {
    const sodium = await loadSodium();
    const key = Uint8Array.from({ length: 64 }, (_, i) => i);
    expect(toHex(sodium.crypto_generichash(64, new Uint8Array(0), key))).toBe(
      "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786" +
        "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568",
    );
  });
});
