/**
 * Every version of a case record is signed by its author, inside the sealed
 * content (DESIGN.md §2, "Signed versions"): a server that holds every
 * ciphertext and key grant still cannot write a profile, a deadline's
 * outcome or a review note under a colleague's name, nor splice versions.
 *
 * Must always hold:
 * - The signature covers the case id, record type, id, version and epoch,
 *   the hash of the previous version's sealed bytes (null only for version 1)
 *   and the SHA-256 of the canonical JSON of the value, with the author's id
 *   and the time: moving, renumbering, re-dating or re-attributing a version,
 *   or inserting it after another predecessor, breaks it.
 * - A signature counts only with a signing key the verified membership chain
 *   lists for its author in a statement of the record's epoch (`EpochAuthors`):
 *   someone who was never on the team in that epoch cannot have written it.
 * - Testimonies are not wrapped: each version is already a signed statement
 *   of its own (lib/testimonies), and drafts never leave their author.
 */
import "client-only";
import { z } from "zod";
import { canonicalBytes } from "@/lib/crypto/canonical-json";
import { fromBase64url, toBase64url } from "@/lib/crypto/encoding";
import { CryptoError } from "@/lib/crypto/errors";
import { sha256 } from "@/lib/crypto/sha256";
import { signCanonical, verifyCanonical } from "@/lib/crypto/signatures";
import { base64urlOfBytes } from "@/lib/encoding/base64url";
import type { RecordType } from "./schema";

export const RECORD_STATEMENT_TYPE = "casevault:v1:record";

const unsignedTypes: readonly RecordType[] = ["testimony", "testimony_draft"];
export const isSignedRecordType = (type: RecordType) => !unsignedTypes.includes(type);

/** What is sealed for a signed record type: the value with its author's signature. */
const signedContentSchema = z.strictObject({
  value: z.unknown(),
  author: z.uuid(),
  signedAt: z.iso.datetime(),
  prev: z.union([z.null(), base64urlOfBytes(32)]),
  signature: base64urlOfBytes(64),
});
export type SignedContent = z.infer<typeof signedContentSchema>;

export type RecordPlace = { caseId: string; type: RecordType; id: string; version: number; epoch: number };
/** Who signs: their user id and Ed25519 key pair (an unlocked account). */
export type RecordAuthor = { userId: string; keys: { ed25519: { privateKey: Uint8Array } } };
/** For one epoch: each member's signing keys (base64url) as the verified chain lists them. */
export type EpochAuthors = ReadonlyMap<string, ReadonlySet<string>>;
export type VerifiedContent = { value: unknown; author: string; signedAt: string; prev: string | null };

/** SHA-256 (base64url) of a version's sealed bytes: what the next version names as `prev`, and what marks remember. */
export async function sealedRecordHash(contentSealed: string): Promise<string> {
  return toBase64url(await sha256(fromBase64url(contentSealed)));
}

async function statementOf(place: RecordPlace, content: Omit<SignedContent, "signature">) {
  return {
    type: RECORD_STATEMENT_TYPE,
    caseId: place.caseId,
    recordType: place.type,
    recordId: place.id,
    version: place.version,
    epoch: place.epoch,
    prev: content.prev,
    contentHash: toBase64url(await sha256(canonicalBytes(content.value))),
    author: content.author,
    signedAt: content.signedAt,
  };
}

function assertPrevFits(version: number, prev: string | null): void {
  if ((version === 1) !== (prev === null)) throw new CryptoError("invalid_input", "version 1 names no previous version; every later version names one");
}

export async function signRecordContent(place: RecordPlace, value: unknown, author: RecordAuthor, prev: string | null, now = new Date()): Promise<SignedContent> {
  assertPrevFits(place.version, prev);
  const unsigned = { value, author: author.userId, signedAt: now.toISOString(), prev };
  const signature = await signCanonical(await statementOf(place, unsigned), author.keys.ed25519.privateKey);
  return { ...unsigned, signature: toBase64url(signature) };
}

/**
 * The value of a signed record version, once its signature checks out
 * against a key the chain lists for its author in the record's epoch.
 * Throws CryptoError("bad_signature") otherwise (unsigned, malformed,
 * forged, by a non-member, or for another place).
 */
export async function verifyRecordContent(place: RecordPlace, opened: unknown, authors: EpochAuthors | undefined): Promise<VerifiedContent> {
  const parsed = signedContentSchema.safeParse(opened);
  if (!parsed.success) throw new CryptoError("bad_signature", "record version is not signed");
  const { signature, ...content } = parsed.data;
  if ((place.version === 1) !== (content.prev === null)) throw new CryptoError("bad_signature", "record version names the wrong predecessor");
  const keys = authors?.get(content.author);
  if (!keys || keys.size === 0) throw new CryptoError("bad_signature", "author was not on the team in this epoch");
  const statement = await statementOf(place, content);
  for (const key of keys) {
    try {
      await verifyCanonical(statement, fromBase64url(signature), fromBase64url(key));
      return { value: content.value, author: content.author, signedAt: content.signedAt, prev: content.prev };
    } catch {
      // Try the author's other key listed for this epoch (keys replaced after a reset).
    }
  }
  throw new CryptoError("bad_signature", "record signature does not match");
}
