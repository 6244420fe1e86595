import "server-only";
import type { EpochWire, GrantWire, SealedRecordWire } from "@/lib/cases/schema";
import { fromBase64url } from "@/lib/encoding/base64url";

// The database rows of what browsers seal and sign: key epochs, key grants and
// sealed record versions. Every domain (cases, testimonies, evidence, bundles,
// deadlines) stores its records through these, so a record has one row shape.
// The server checks what it can see (membership, epochs, versions, who signed
// what); the browser checks the signatures themselves before it trusts a key.
// The wire shapes come parsed by lib/cases/schema.ts, whose base64url schemas
// accept only what fromBase64url decodes, so malformed input is refused (400) before it reaches here.

export function epochRow(caseId: string, e: EpochWire) {
  return { caseId, epoch: e.epoch, createdById: e.createdById, keyCheckValue: fromBase64url(e.keyCheckValue), signature: fromBase64url(e.signature) };
}

export function grantRow(caseId: string, g: GrantWire) {
  return { caseId, epoch: g.epoch, recipientId: g.recipientId, sealedKey: fromBase64url(g.sealedKey), signerId: g.signerId, signature: fromBase64url(g.signature) };
}

export function recordRow(caseId: string, r: SealedRecordWire, authorId: string) {
  const contentSealed = fromBase64url(r.contentSealed);
  return { id: r.id, version: r.version, caseId, type: r.type, epoch: r.epoch, authorId, contentSealed, size: contentSealed.length };
}
