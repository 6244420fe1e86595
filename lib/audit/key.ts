import "server-only";
import { createPrivateKey, createPublicKey, hkdfSync, randomBytes, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { decodeAuditKey } from "./key-format";

// THE AUDIT KEY (docs/operations.md, "The audit log"). 32 random bytes that
// the database never holds: AUDIT_KEY (base64), or DATA_DIR/audit-key,
// generated at first start (mode 0600). Two keys are derived from it, so one
// secret covers both and neither use can be turned against the other:
// - chainKey: the HMAC key of the event chain (events.ts). Whoever can write
//   the audit table but not read this file cannot forge one event.
// - the Ed25519 key that signs checkpoints (checkpoints.ts): its public half
//   lets anyone check a checkpoint without being able to make one.
// Several app instances must share the key (AUDIT_KEY): an instance with
// another key refuses to start (assertKeyMatchesChain in chain.ts).

export type AuditKeys = {
  chainKey: Uint8Array;
  signingKey: KeyObject;
  publicKey: KeyObject;
  /** The raw Ed25519 public key, for display and for the checkpoint files. */
  publicKeyBytes: Uint8Array;
};

const KEY_BYTES = 32;
// RFC 8410: PKCS#8 DER of an Ed25519 private key is this prefix plus the 32-byte seed.
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

function derive(auditKey: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", auditKey, new Uint8Array(0), info, KEY_BYTES));
}

/** Both derived keys from the raw audit key. Exported so tests can build keys of their own (an attacker's). */
export function deriveAuditKeys(auditKey: Uint8Array): AuditKeys {
  const chainKey = new Uint8Array(derive(auditKey, "casevault audit chain v1"));
  const seed = derive(auditKey, "casevault audit checkpoint signing v1");
  const signingKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(signingKey);
  const spki = publicKey.export({ format: "der", type: "spki" });
  return { chainKey, signingKey, publicKey, publicKeyBytes: new Uint8Array(spki.subarray(spki.length - KEY_BYTES)) };
}

export function auditKeyPath(dataDir: string): string {
  return path.join(dataDir, "audit-key");
}

export class MissingAuditKeyError extends Error {
  override readonly name = "MissingAuditKeyError";
}

/**
 * Reads DATA_DIR/audit-key, creating it on first use when `create` (the app;
 * never the verifier, which would only make a key nothing was chained with).
 * Two processes racing both end up with the one that won.
 */
export function readOrCreateKeyFile(dataDir: string, create = true): Uint8Array {
  const file = auditKeyPath(dataDir);
  if (!fs.existsSync(file)) {
    if (!create) throw new MissingAuditKeyError(`No audit key: set AUDIT_KEY or restore ${file}.`);
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, `${randomBytes(KEY_BYTES).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const key = decodeAuditKey(fs.readFileSync(file, "utf8"));
  if (!key) throw new Error(`${file} is not a Casevault audit key (32 bytes, base64). Restore it from your backup.`);
  return key;
}

let cached: { source: string; keys: AuditKeys } | undefined;

/** The process's audit keys: AUDIT_KEY when set, else DATA_DIR/audit-key (created unless `create` is false). */
export function auditKeys({ create = true }: { create?: boolean } = {}): AuditKeys {
  const { AUDIT_KEY, DATA_DIR } = env();
  const source = AUDIT_KEY ? `env:${AUDIT_KEY}` : `file:${path.resolve(DATA_DIR)}`;
  if (cached?.source !== source) {
    // env.ts has validated AUDIT_KEY's form.
    const raw = AUDIT_KEY ? decodeAuditKey(AUDIT_KEY) : readOrCreateKeyFile(path.resolve(DATA_DIR), create);
    if (!raw) throw new Error("AUDIT_KEY is not 32 bytes of base64");
    cached = { source, keys: deriveAuditKeys(raw) };
  }
  return cached.keys;
}
