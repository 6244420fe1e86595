import "server-only";
import { type Algorithm, type Options, hash, parseOptions, verify } from "@node-rs/argon2";
import { toBase64url } from "@/lib/encoding/base64url";
import { env } from "@/lib/env";
import { Argon2Gate } from "./argon2-gate";

// The server's hash of the browser's authKey (DESIGN.md §2). Invariants:
// - The stored hash is never itself a login secret: a database thief who reads
//   it still cannot sign in, because sign-in needs its preimage.
// - Verifying costs the same whether or not the account exists: callers pass
//   DUMMY_AUTH_KEY_HASH when there is no real hash to check against.
//
// Why moderate parameters (OWASP's Argon2id minimum: 19 MiB, 2 passes, 1 lane)
// and not the 64 MiB the browser uses: the expensive stretching of the
// passphrase already happened in the browser, so every offline guess against
// a stolen hash pays the browser's Argon2id first; this hash only adds to it.
// Its input is a 32-byte key, not a human password. A heavier server hash
// would mostly hand an attacker a cheap way to exhaust the server's memory
// through the login form (every attempt allocates `memoryCost`).
// Every hash and verification also passes the process's Argon2Gate (at most
// ARGON2_MAX_CONCURRENT at once, a short bounded queue): it may throw
// ServerBusyError instead of starting one.

/** 2 = Argon2id; the package's enum is a `const enum`, which isolatedModules cannot read. */
const ARGON2ID = 2 as Algorithm.Argon2id;

export const AUTH_KEY_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19 * 1024, // KiB
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const satisfies Options;

export const AUTH_KEY_BYTES = 32;

/**
 * A hash of 32 random bytes that were thrown away, made with
 * AUTH_KEY_HASH_OPTIONS (a test keeps the two in step). Verifying against it
 * takes as long as against a real hash and never succeeds in practice.
 */
export const DUMMY_AUTH_KEY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$84PxPsRMIJ9SOM2ZA1WHmw$OWQ2wtDMOXBGgS/jSSn2GJoxfOz8OAVbLsSJ4k9r/+g";

// @node-rs/argon2 2.2.1 hashes any bytes but its `verify` refuses a password
// that is not valid UTF-8 ("invalid utf-8 sequence"), which a random key
// almost never is. So the key is hashed as its base64url text: ASCII, one
// spelling per key, and just as secret.
function asPassword(authKey: Uint8Array): string {
  if (authKey.length !== AUTH_KEY_BYTES) throw new Error(`authKey must be ${AUTH_KEY_BYTES} bytes`);
  return toBase64url(authKey);
}

/** At most 16 callers wait, each at most 2 s: a busy answer comes fast, and a queued one is served within ~2 s. */
export const ARGON2_MAX_QUEUED = 16;
export const ARGON2_MAX_WAIT_MS = 2000;

let gate: Argon2Gate | null = null;
export function argon2Gate(): Argon2Gate {
  gate ??= new Argon2Gate({ maxRunning: env().ARGON2_MAX_CONCURRENT, maxQueued: ARGON2_MAX_QUEUED, maxWaitMs: ARGON2_MAX_WAIT_MS });
  return gate;
}

export async function hashAuthKey(authKey: Uint8Array): Promise<string> {
  const password = asPassword(authKey);
  return argon2Gate().run(() => hash(password, AUTH_KEY_HASH_OPTIONS));
}

/** False for a wrong key and for a malformed stored hash (never throws for those); ServerBusyError when the gate is full. */
export async function verifyAuthKey(storedHash: string, authKey: Uint8Array): Promise<boolean> {
  const password = asPassword(authKey);
  return argon2Gate().run(async () => {
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  });
}

/** True when a stored hash was made with other parameters than today's (rehash after a successful sign-in). */
export function authKeyHashNeedsRehash(storedHash: string): boolean {
  try {
    const o = parseOptions(storedHash);
    return (
      o.algorithm !== AUTH_KEY_HASH_OPTIONS.algorithm ||
      o.memoryCost !== AUTH_KEY_HASH_OPTIONS.memoryCost ||
      o.timeCost !== AUTH_KEY_HASH_OPTIONS.timeCost ||
      o.parallelism !== AUTH_KEY_HASH_OPTIONS.parallelism ||
      o.outputLen !== AUTH_KEY_HASH_OPTIONS.outputLen
    );
  } catch {
    return true;
  }
}
