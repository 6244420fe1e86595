/**
 * A deep copy of plain data (objects, arrays, primitives). Strings are shared,
 * never copied, so the cost is the number of fields and list items, not the
 * length of a 200 KB narrative.
 */
export function plainCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plainCopy) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainCopy(v);
    return out as T;
  }
  return value;
}
