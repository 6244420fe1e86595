import "client-only";

/** A read's outcome as views use it: the data, or the refusal's code and reason ("unavailable": no answer). */
export type ReadResult<T> = { ok: true; data: T } | { ok: false; error: string; reason?: string };

/**
 * A read from one of the app's GET routes: same-origin cookies, never from a
 * cache. The parsed answer, or the route's refusal (`{ error, reason? }`), or
 * "unavailable" when the server could not be reached (offline, the
 * connection dropped). The answer is not re-validated here; callers open and
 * check what they show.
 */
export async function getResult<T>(url: string): Promise<ReadResult<T>> {
  try {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return { ok: true, data: body as T };
    const refusal = body as { error?: unknown; reason?: unknown } | null;
    return {
      ok: false,
      error: typeof refusal?.error === "string" ? refusal.error : "unavailable",
      ...(typeof refusal?.reason === "string" ? { reason: refusal.reason } : {}),
    };
  } catch {
    return { ok: false, error: "unavailable" };
  }
}

/** getResult's data, or null for any refusal or no answer: for views that show one "could not load" for both. */
export async function getJson<T>(url: string): Promise<T | null> {
  const result = await getResult<T>(url);
  return result.ok ? result.data : null;
}
