import "server-only";
import { randomBytes, sign, verify } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fromBase64url, toBase64url } from "@/lib/encoding/base64url";
import { canonicalBytes } from "@/lib/encoding/canonical-json";
import type { AuditKeys } from "./key";

// SIGNED CHECKPOINTS, kept OUT of the database (DATA_DIR/audit-checkpoints/):
// one file per checkpoint, named by its seq, never rewritten. A checkpoint
// says "event #seq had this hash at this time", signed with the audit key's
// Ed25519 key. Someone who rewrites the database cannot make the log agree
// with a checkpoint again (the HMAC chain needs the key) nor remove the
// checkpoint from the database's side: cutting the newest events off
// (truncation) leaves the log shorter than a checkpoint says.
//
// Files are written atomically: a temporary file, fsync, then link() to the
// final name — link never replaces an existing file, so a checkpoint once
// written is never overwritten, even by two instances sharing DATA_DIR — then
// the directory is fsync'd so the new name survives a crash.

export type Checkpoint = { seq: bigint; headHash: string; at: Date };

export type StoredCheckpoint = Checkpoint & { file: string; signatureValid: boolean };

type CheckpointFile = { v: 1; seq: string; headHash: string; at: string; publicKey: string; signature: string };

const FILE_NAME = /^(\d{20})\.json$/;

export function checkpointDir(dataDir: string): string {
  return path.join(dataDir, "audit-checkpoints");
}

/** The bytes the signature covers; the domain string keeps them from meaning anything else. */
export function checkpointBytes(checkpoint: Checkpoint): Uint8Array {
  return canonicalBytes({
    domain: "casevault.audit.checkpoint.v1",
    seq: checkpoint.seq.toString(10),
    headHash: checkpoint.headHash,
    at: checkpoint.at.toISOString(),
  });
}

function fileName(seq: bigint): string {
  return `${seq.toString(10).padStart(20, "0")}.json`;
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes a signed checkpoint. Returns false when one for this seq exists
 * already (another instance, or an earlier tick) with the same head; throws
 * when it exists with a different head: two chains claim the same seq.
 */
export function writeCheckpoint(dir: string, keys: AuditKeys, checkpoint: Checkpoint): boolean {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const body: CheckpointFile = {
    v: 1,
    seq: checkpoint.seq.toString(10),
    headHash: checkpoint.headHash,
    at: checkpoint.at.toISOString(),
    publicKey: toBase64url(keys.publicKeyBytes),
    signature: toBase64url(sign(null, checkpointBytes(checkpoint), keys.signingKey)),
  };
  const final = path.join(dir, fileName(checkpoint.seq));
  const temp = path.join(dir, `.tmp-${randomBytes(8).toString("hex")}`);
  const fd = fs.openSync(temp, "wx", 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(body)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, final);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const existing = parseFile(final);
    if (existing?.headHash === checkpoint.headHash) return false;
    throw new Error(`A different audit checkpoint for event #${checkpoint.seq} exists already (${final})`);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  fsyncDir(dir);
  return true;
}

function parseFile(file: string): CheckpointFile | null {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    if (typeof value !== "object" || value === null) return null;
    const v = value as Record<string, unknown>;
    const strings = ["seq", "headHash", "at", "publicKey", "signature"].every((k) => typeof v[k] === "string");
    if (v.v !== 1 || !strings || !/^\d+$/.test(v.seq as string) || !/^[0-9a-f]{64}$/.test(v.headHash as string)) return null;
    if (Number.isNaN(Date.parse(v.at as string))) return null;
    return v as CheckpointFile;
  } catch {
    return null;
  }
}

/**
 * Every checkpoint in `dir`, oldest first, each with whether its signature is
 * the audit key's. A file that cannot be parsed, or whose name is not its
 * seq, counts as a checkpoint with a bad signature: someone wrote it by hand.
 */
export function readCheckpoints(dir: string, keys: AuditKeys): StoredCheckpoint[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const found: StoredCheckpoint[] = [];
  for (const name of names) {
    const match = FILE_NAME.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    const body = parseFile(file);
    const seq = BigInt(match[1]!);
    if (!body || BigInt(body.seq) !== seq) {
      found.push({ seq, headHash: "", at: new Date(0), file, signatureValid: false });
      continue;
    }
    const checkpoint: Checkpoint = { seq, headHash: body.headHash, at: new Date(body.at) };
    let signatureValid = false;
    try {
      signatureValid = verify(null, checkpointBytes(checkpoint), keys.publicKey, fromBase64url(body.signature));
    } catch {
      signatureValid = false;
    }
    found.push({ ...checkpoint, file, signatureValid });
  }
  return found.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
}

/** The newest checkpoint with a valid signature, or null. */
export function latestValidCheckpoint(checkpoints: readonly StoredCheckpoint[]): StoredCheckpoint | null {
  return checkpoints.findLast((c) => c.signatureValid) ?? null;
}
