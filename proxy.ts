import { NextResponse, type NextRequest } from "next/server";
import { checkDeclaredBody } from "@/lib/security/body-limits";
import { isCrossSiteWrite } from "@/lib/security/same-origin";
import { contentSecurityPolicy, newNonce } from "@/lib/security/headers";

// The first thing every request meets (static assets aside). Invariants:
// - Every response gets a fresh CSP nonce — router prefetches included: a
//   prefetched page is rendered and later shown, so it needs the same policy.
//   Next.js reads the policy from the request header and puts the nonce on
//   its own scripts; pages therefore render dynamically.
// - A body that is declared too large (or not declared at all) is refused
//   before a byte of it is read: 413 / 411, never a 500 from deep inside.
// - A state-changing request another site's page sent is refused (403) here
//   already — server actions included, whatever X-Forwarded-Host says; route
//   handlers check again at the policy door (lib/auth/guard.ts).
// - X-Forwarded-* and Forwarded are removed unless TRUSTED_PROXY_HOPS > 0:
//   otherwise anyone could name the host Next's server-action Origin check
//   compares with, and pass a foreign Origin off as this one.

const FORWARDED_HEADERS = ["forwarded", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-for"];

function trustsProxies(): boolean {
  return Number(process.env.TRUSTED_PROXY_HOPS ?? "0") > 0;
}

function refuseBody(status: 411 | 413): NextResponse {
  // Connection: close — the unread body is not drained for keep-alive.
  return NextResponse.json({ error: "too_large" }, { status, headers: { "Cache-Control": "no-store", Connection: "close" } });
}

export function proxy(request: NextRequest) {
  const body = checkDeclaredBody(request.method, request.nextUrl.pathname, request.headers);
  if (body === "too_large") return refuseBody(413);
  if (body === "length_required") return refuseBody(411);
  if (isCrossSiteWrite(request, process.env.NEXTAUTH_URL)) {
    return NextResponse.json({ error: "cross_site" }, { status: 403, headers: { "Cache-Control": "no-store" } });
  }

  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV === "development",
    secureOrigin: process.env.NODE_ENV === "production" && (process.env.NEXTAUTH_URL?.startsWith("https://") ?? false),
  });

  const requestHeaders = new Headers(request.headers);
  if (!trustsProxies()) for (const name of FORWARDED_HEADERS) requestHeaders.delete(name);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // No `missing: next-router-prefetch / purpose` clause: that skipped prefetches, which were then served without a CSP.
  // verify.html (the offline verifier, built into public/) carries its own strict CSP, which allows its inline script by hash;
  // the app's nonce policy on top would block that script.
  //
  // Upload parts (and the benchmark's plain parts, so both paths are measured alike) bypass the proxy: Next copies
  // every body a proxy sees into memory first (up to proxyClientMaxBodySize), which cost about 200 MiB of server
  // RSS during a 200 MB upload (`npm run bench:upload`: growth +215 MiB with, +17 without). What the proxy does
  // for them is done elsewhere, and e2e/request-hygiene.spec.ts attacks both on the part route: the declared
  // length is refused before Next at the HTTP server (lib/security/early-body-check.ts), the cross-site write at
  // the policy door (lib/auth/guard.ts). A JSON answer needs no CSP nonce, and X-Forwarded-* matter only to
  // server actions' Origin check.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|verify\\.html|api/bench/plain-upload|api/cases/[^/]+/evidence/uploads/[^/]+/parts/).*)"],
};
