/**
 * The only importer of libsodium in the repository (libsodium-wrappers-sumo:
 * the plain build lacks Argon2id).
 *
 * Must always hold:
 * - No other file imports `libsodium-wrappers-sumo`; everything in lib/crypto
 *   goes through `loadSodium()` and sees only the functions listed below.
 *   Adding a primitive means adding it here, on purpose, in review.
 * - The library is loaded lazily (dynamic import: a separate ~190 KB gzipped
 *   chunk in the browser) and initialised once; concurrent callers share the
 *   same promise, a failed load can be retried.
 *
 * Note: libsodium.js copies inputs into its WebAssembly heap and frees them
 * without zeroing; we cannot wipe those copies. We wipe the JS-side buffers we
 * own (see `wipe` in encoding.ts) and keep keys out of strings.
 */
import { CryptoError } from "./errors";

type SodiumModule = (typeof import("libsodium-wrappers-sumo"))["default"];

function facade(s: SodiumModule) {
  return Object.freeze({
    randombytes_buf: s.randombytes_buf,

    // Passphrase KDF (Argon2id13) and sub-key derivation (BLAKE2b).
    crypto_pwhash: s.crypto_pwhash,
    crypto_pwhash_ALG_ARGON2ID13: s.crypto_pwhash_ALG_ARGON2ID13,
    crypto_pwhash_SALTBYTES: s.crypto_pwhash_SALTBYTES,
    crypto_kdf_derive_from_key: s.crypto_kdf_derive_from_key,
    crypto_kdf_KEYBYTES: s.crypto_kdf_KEYBYTES,
    crypto_kdf_CONTEXTBYTES: s.crypto_kdf_CONTEXTBYTES,

    // Records, wrapped keys, sealed file keys.
    crypto_aead_xchacha20poly1305_ietf_encrypt: s.crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_aead_xchacha20poly1305_ietf_decrypt: s.crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_KEYBYTES: s.crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
    crypto_aead_xchacha20poly1305_ietf_ABYTES: s.crypto_aead_xchacha20poly1305_ietf_ABYTES,

    // X25519: case keys sealed to members.
    crypto_box_keypair: s.crypto_box_keypair,
    crypto_box_seal: s.crypto_box_seal,
    crypto_box_seal_open: s.crypto_box_seal_open,
    crypto_box_SEALBYTES: s.crypto_box_SEALBYTES,
    crypto_scalarmult_base: s.crypto_scalarmult_base,

    // Ed25519: grants, evidence and testimony signatures.
    crypto_sign_keypair: s.crypto_sign_keypair,
    crypto_sign_seed_keypair: s.crypto_sign_seed_keypair,
    crypto_sign_ed25519_sk_to_seed: s.crypto_sign_ed25519_sk_to_seed,
    crypto_sign_detached: s.crypto_sign_detached,
    crypto_sign_verify_detached: s.crypto_sign_verify_detached,
    crypto_sign_BYTES: s.crypto_sign_BYTES,

    // BLAKE2b: key check values, fingerprints, grant hashes.
    crypto_generichash: s.crypto_generichash,

    // SHA-256: evidence and audit hashes (incremental for large files).
    crypto_hash_sha256: s.crypto_hash_sha256,
    crypto_hash_sha256_init: s.crypto_hash_sha256_init,
    crypto_hash_sha256_update: s.crypto_hash_sha256_update,
    crypto_hash_sha256_final: s.crypto_hash_sha256_final,

    // Files.
    crypto_secretstream_xchacha20poly1305_keygen: s.crypto_secretstream_xchacha20poly1305_keygen,
    crypto_secretstream_xchacha20poly1305_init_push: s.crypto_secretstream_xchacha20poly1305_init_push,
    crypto_secretstream_xchacha20poly1305_push: s.crypto_secretstream_xchacha20poly1305_push,
    crypto_secretstream_xchacha20poly1305_init_pull: s.crypto_secretstream_xchacha20poly1305_init_pull,
    crypto_secretstream_xchacha20poly1305_pull: s.crypto_secretstream_xchacha20poly1305_pull,
    crypto_secretstream_xchacha20poly1305_HEADERBYTES: s.crypto_secretstream_xchacha20poly1305_HEADERBYTES,
    crypto_secretstream_xchacha20poly1305_ABYTES: s.crypto_secretstream_xchacha20poly1305_ABYTES,
    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE: s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
    crypto_secretstream_xchacha20poly1305_TAG_FINAL: s.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
  });
}

/** The subset of libsodium this project allows. */
export type Sodium = ReturnType<typeof facade>;

let loading: Promise<Sodium> | undefined;

/** Load and initialise libsodium once; later calls return the same facade. */
export function loadSodium(): Promise<Sodium> {
  loading ??= import("libsodium-wrappers-sumo")
    .then(async (module) => {
      await module.default.ready;
      return facade(module.default);
    })
    .catch((cause: unknown) => {
      loading = undefined;
      throw new CryptoError("unavailable", "libsodium could not be loaded", { cause });
    });
  return loading;
}
