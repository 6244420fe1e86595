import { decodeSignInFailure } from "./sign-in-failure";

// next-auth answers a refused credentials sign-in with a JSON body naming
// the error ("busy:2", "throttled:40", "backoff:8"; sign-in-failure.ts). A
// wait also goes in a standard Retry-After header, for clients and proxies
// that read it.

export async function withSignInRetryAfter(response: Response): Promise<Response> {
  if (!response.headers.get("content-type")?.includes("application/json")) return response;
  const body: unknown = await response.clone().json().catch(() => null);
  const url = body && typeof body === "object" && "url" in body && typeof body.url === "string" ? body.url : null;
  const error = url ? new URL(url, "http://localhost").searchParams.get("error") : null;
  const seconds = decodeSignInFailure(error).retryAfterSeconds;
  if (seconds === undefined) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(seconds));
  return new Response(response.body, { status: response.status, headers });
}
