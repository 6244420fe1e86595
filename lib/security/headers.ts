// Security headers. Pure functions so next.config.ts (all responses) and
// proxy.ts (per-request CSP nonce) share one definition, and tests can read
// what is sent. Permissions-Policy denies camera, microphone and geolocation:
// no feature needs them; a feature that does must change this in one place.

export type HeaderPair = { key: string; value: string };

export function staticSecurityHeaders(production: boolean): HeaderPair[] {
  const headers: HeaderPair[] = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "no-referrer" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    {
      key: "Permissions-Policy",
      value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    },
  ];
  if (production) {
    // Browsers ignore HSTS received over plain http, so sending it is safe on
    // a local http start and effective behind TLS.
    headers.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
  }
  return headers;
}

export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; secureOrigin: boolean }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic': only scripts loaded by nonce-bearing scripts run.
    // 'wasm-unsafe-eval': libsodium's WebAssembly (without it, a slow asm.js fallback).
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'wasm-unsafe-eval'", ...(opts.dev ? ["'unsafe-eval'"] : [])],
    "style-src": opts.dev ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
    // style attributes set by UI primitives cannot run script.
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "data:"],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    // The PDF preview: a blob: URL of the decrypted file, made by this page (only application/pdf is framed).
    "frame-src": ["blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, values]) => `${name} ${values.join(" ")}`);
  if (opts.secureOrigin) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** 128 random bits, base64: unguessable, fresh per response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
