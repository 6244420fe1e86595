// THE ID PARSER. Every id the app stores is a UUID, and PostgreSQL spells it
// in lower case. An id that reaches the policy door, a query or the audit log
// from outside goes through here first, so that:
// - a NUL byte, a non-UUID or an over-long string never reaches the database
//   (Prisma would fail with an error the route turns into 503);
// - one record has one spelling: the audit chain hashes exactly the string
//   PostgreSQL will store, so a stored event always re-hashes to its hash.

/** The canonical spelling of an id, for composing other patterns (a paging cursor). */
export const CANONICAL_ID_SOURCE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** An id in canonical form, whole: for zod schemas of wire ids (`z.string().regex(canonicalIdPattern)`). */
export const canonicalIdPattern = new RegExp(`^${CANONICAL_ID_SOURCE}$`);

/** The canonical (lower-case) form of a UUID, or null for anything that is not one. */
export function parseId(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length !== 36) return null;
  const id = raw.toLowerCase();
  return canonicalIdPattern.test(id) ? id : null;
}

/**
 * True only for an id already in canonical form. Entry points (URLs, action
 * inputs) accept nothing else: the app only ever links lower-case ids, and an
 * upper-case spelling is a different URL that names nothing — "not found".
 */
export function isCanonicalId(raw: unknown): raw is string {
  const id = parseId(raw);
  return id !== null && id === raw;
}

/**
 * A version number from a URL segment: "1" to "999999999", no sign, no
 * leading zero, no exponent — one spelling per version, as for ids. Null for
 * anything else (the route answers "not found").
 */
export function parseVersion(raw: unknown): number | null {
  return typeof raw === "string" && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}
