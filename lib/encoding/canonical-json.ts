/**
 * Canonical JSON: the exact bytes that signatures and audit hashes cover.
 *
 * Must always hold:
 * - The same value always gives the same string, whatever the key insertion
 *   order: object keys sorted by UTF-16 code units, no whitespace, strings and
 *   numbers serialised as ECMAScript JSON.stringify does (this matches RFC 8785
 *   JCS for the values we accept).
 * - Only JSON values are accepted: null, booleans, finite numbers, strings,
 *   arrays without holes, and plain objects. undefined, functions, symbols,
 *   bigints, NaN/Infinity, Dates, typed arrays, class instances, symbol keys
 *   and cycles are rejected with CanonicalJsonError instead of being
 *   silently dropped or coerced (JSON.stringify would turn NaN into null and
 *   drop undefined, changing what was signed).
 * - Pure and neutral: no libsodium, no Node or browser API. lib/crypto signs
 *   these bytes in the browser; lib/audit hashes them on the server.
 */

export class CanonicalJsonError extends Error {
  override readonly name = "CanonicalJsonError";
}

const MAX_DEPTH = 100;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function fail(path: string, reason: string): never {
  throw new CanonicalJsonError(`canonical JSON: ${path}: ${reason}`);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function write(value: unknown, path: string, seen: Set<object>, depth: number): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) fail(path, `${String(value)} is not allowed`);
      return JSON.stringify(value);
    case "object":
      break;
    default:
      // undefined, function, symbol, bigint
      return fail(path, `${typeof value} is not allowed`);
  }
  if (depth > MAX_DEPTH) fail(path, "nested too deeply");
  if (seen.has(value)) fail(path, "cycle");
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) fail(`${path}[${i}]`, "array hole");
        items.push(write(value[i], `${path}[${i}]`, seen, depth + 1));
      }
      return `[${items.join(",")}]`;
    }
    if (!isPlainObject(value)) fail(path, "only plain objects are allowed");
    if (Object.getOwnPropertySymbols(value).length > 0) fail(path, "symbol keys are not allowed");
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`, seen, depth + 1)}`);
    return `{${members.join(",")}}`;
  } finally {
    seen.delete(value);
  }
}

/** Canonical JSON text of `value`; throws CanonicalJsonError on anything that is not plain JSON. */
export function canonicalJson(value: unknown): string {
  return write(value, "$", new Set(), 0);
}

/** UTF-8 bytes of the canonical JSON text: what gets signed or hashed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
