import "client-only";

/**
 * A read from one of the app's GET routes: same-origin cookies, never from a
 * cache. The parsed answer, or null when the server refused or could not be
 * reached (offline, the connection dropped): views show one "could not load"
 * for both. The answer is not re-validated here; callers open and check what
 * they show.
 */
export async function getJson<T>(url: string): Promise<T | null> {
  try {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) return null;
    return (await response.json()) as T;
  } catch {
    return null;
  }
}
