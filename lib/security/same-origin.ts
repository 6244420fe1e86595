// Cross-site request refusal for route handlers (server actions have Next's
// own Origin check). SameSite=Lax cookies stop most cross-site POSTs, but not
// a same-site sibling host, a top-level form POST in every browser, or a
// request a plugin forges. So: a request that can change state (anything but
// GET, HEAD, OPTIONS) is refused when the browser says it came from another
// site. Invariant: only a request with no browser markers at all (a script,
// curl) or markers that name this very origin gets through; such a client
// carries no victim's cookie unless it holds the cookie itself.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin browsers send for this app: NEXTAUTH_URL's, else the request's own Host over its scheme. */
export function appOrigin(request: Request, configuredUrl: string | undefined): string | null {
  if (configuredUrl) return new URL(configuredUrl).origin;
  const host = request.headers.get("host");
  if (!host) return null;
  return `${new URL(request.url).protocol}//${host}`;
}

/** True when a browser marks a state-changing request as coming from anywhere but this app's origin. */
export function isCrossSiteWrite(request: Request, configuredUrl: string | undefined): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const site = request.headers.get("sec-fetch-site");
  // "none": typed in the address bar or a bookmark — the user's own act.
  if (site !== null && site !== "same-origin" && site !== "none") return true;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  // Our own form posted natively (before scripts load, /api/form-fallback): under the
  // app's Referrer-Policy no-referrer Chromium sends Origin "null", and Sec-Fetch-Site,
  // which no page can set, says same-origin.
  if (origin === "null" && site === "same-origin") return false;
  // Otherwise "null": a sandboxed frame, a data: URL or a privacy-redirected request — never ours.
  return origin !== appOrigin(request, configuredUrl);
}
