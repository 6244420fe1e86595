// next-auth answers a refused credentials sign-in with a JSON body naming
// the error ("busy:2", "throttled:40", "backoff:8"). A wait also goes in a
// standard Retry-After header, for clients and proxies that read it.

const waitPattern = /^(busy|throttled|backoff):(\d{1,6})$/;

export async function withSignInRetryAfter(response: Response): Promise<Response> {
  if (!response.headers.get("content-type")?.includes("application/json")) return response;
  const body: unknown = await response.clone().json().catch(() => null);
  const url = body && typeof body === "object" && "url" in body && typeof body.url === "string" ? body.url : null;
  const error = url ? new URL(url, "http://localhost").searchParams.get("error") : null;
  const seconds = error?.match(waitPattern)?.[2];
  if (!seconds) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", seconds);
  return new Response(response.body, { status: response.status, headers });
}
