import "server-only";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import { toBase64url } from "@/lib/encoding/base64url";
import type { StoredTrustDocument, TrustDocumentKind } from "./schema";

/** The signed-in user's own sealed trust document of `kind` (version 0 and nothing when they have none yet). */
export async function getTrustDocument(actor: Actor, kind: TrustDocumentKind): Promise<StoredTrustDocument> {
  const db = await getDb();
  const row = await db.trustDocument.findUnique({ where: { userId_kind: { userId: actor.userId, kind } } });
  return row ? { version: row.version, sealed: toBase64url(row.contentSealed) } : { version: 0, sealed: null };
}
