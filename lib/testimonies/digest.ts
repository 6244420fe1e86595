import { z } from "zod";
import { base64urlOfBytes, toBase64url } from "@/lib/encoding/base64url";
import { canonicalJson } from "@/lib/encoding/canonical-json";

// What a testimony author signs for each version (DESIGN.md §2 "Signatures").
//
// - contentSha256 = base64url, no padding (43 characters), of SHA-256 over the
//   UTF-8 bytes of the canonical JSON (lib/encoding/canonical-json.ts) of the
//   testimony content — exactly the object that is sealed as the record. The
//   project's binary-in-JSON format is base64url; a court recomputes it with
//   any SHA-256 and any RFC 8785-style canonicaliser.
// - The statement is the canonical JSON of
//   { type: "casevault.testimony-version.v1", testimonyId, caseId, version,
//     authorId, contentSha256, signedAt }: the signature binds the content to
//   this testimony, case, version number and author, and `type` stops it being
//   replayed as another kind of signed statement.
// - Browser-safe and server-safe: WebCrypto (globalThis.crypto.subtle, also
//   global in Node ≥ 20), no node:crypto, no lib/crypto. Signing lives in
//   sign-client.ts.

export const TESTIMONY_STATEMENT_TYPE = "casevault.testimony-version.v1";

const base64url = base64urlOfBytes(32, "testimony.digestFormat");

export const testimonyVersionStatementSchema = z.strictObject({
  type: z.literal(TESTIMONY_STATEMENT_TYPE),
  testimonyId: z.uuid(),
  caseId: z.uuid(),
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  authorId: z.uuid(),
  contentSha256: base64url,
  signedAt: z.iso.datetime({ offset: false }),
});
export type TestimonyVersionStatement = z.infer<typeof testimonyVersionStatementSchema>;

/** Where a version sits and who signed it when; the content digest is computed. */
export type VersionPlace = Pick<TestimonyVersionStatement, "testimonyId" | "caseId" | "version" | "authorId" | "signedAt">;

export class TestimonyDigestError extends Error {
  override readonly name = "TestimonyDigestError";
}

/** SHA-256 of the canonical JSON of `content`, base64url without padding. Throws on anything that is not plain JSON. */
export async function contentDigest(content: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(content));
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes);
  return toBase64url(new Uint8Array(digest));
}

/**
 * The statement to sign for a version of `content`. Throws TestimonyDigestError
 * for ids that are not UUIDs, a version that is not a positive integer or a
 * signedAt that is not an ISO UTC instant.
 */
export async function versionStatement(place: VersionPlace, content: unknown): Promise<TestimonyVersionStatement> {
  const contentSha256 = await contentDigest(content);
  const parsed = testimonyVersionStatementSchema.safeParse({
    type: TESTIMONY_STATEMENT_TYPE,
    testimonyId: place.testimonyId,
    caseId: place.caseId,
    version: place.version,
    authorId: place.authorId,
    contentSha256,
    signedAt: place.signedAt,
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new TestimonyDigestError(`testimony version statement: invalid ${fields}`);
  }
  return parsed.data;
}

/** The exact text that is signed: canonical JSON of the statement. */
export function statementText(statement: TestimonyVersionStatement): string {
  return canonicalJson(statement);
}
