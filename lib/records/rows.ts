import "server-only";
import type { EpochWire, GrantWire, SealedRecordWire } from "@/lib/cases/schema";

// The database rows of what browsers seal and sign: key epochs, key grants and
// sealed record versions. Every domain (cases, testimonies, evidence, bundles,
// deadlines) stores its records through these, so a record has one row shape.
// The server checks what it can see (membership, epochs, versions, who signed
// what); the browser checks the signatures themselves before it trusts a key.

/** Bytes from the wire's base64url. */
export const bytes = (s: string) => new Uint8Array(Buffer.from(s, "base64url"));

export function epochRow(caseId: string, e: EpochWire) {
  return { caseId, epoch: e.epoch, createdById: e.createdById, keyCheckValue: bytes(e.keyCheckValue), signature: bytes(e.signature) };
}

export function grantRow(caseId: string, g: GrantWire) {
  return { caseId, epoch: g.epoch, recipientId: g.recipientId, sealedKey: bytes(g.sealedKey), signerId: g.signerId, signature: bytes(g.signature) };
}

export function recordRow(caseId: string, r: SealedRecordWire, authorId: string) {
  const contentSealed = bytes(r.contentSealed);
  return { id: r.id, version: r.version, caseId, type: r.type, epoch: r.epoch, authorId, contentSealed, size: contentSealed.length };
}
