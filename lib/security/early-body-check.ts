import http from "node:http";
import { checkDeclaredBody } from "./body-limits";

// Refuses a declared-oversize (or undeclared, chunked) body before Next.js
// sees the request. The proxy (proxy.ts) cannot do this alone: Next buffers
// the whole body for the proxy and waits for its end even when the proxy
// answers at once, so `Content-Length: 999999999` sent slowly would hold the
// request open for as long as the client likes. Installed once per process
// from instrumentation.ts; it wraps every http.Server's "request" event.
// Invariant: a refused request's body is never read — 413 (411) and the
// connection is closed.

const installed = Symbol.for("casevault.earlyBodyCheck");

type Patched = typeof http.Server.prototype & { [installed]?: true };

/** Answers the request itself and returns true when its declared body is refused. */
export function refuseEarly(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  const verdict = checkDeclaredBody(req.method ?? "GET", pathname, {
    get: (name) => {
      const value = req.headers[name.toLowerCase()];
      return typeof value === "string" ? value : null;
    },
  });
  if (verdict === "ok") return false;
  res.writeHead(verdict === "too_large" ? 413 : 411, { "Content-Type": "application/json", "Cache-Control": "no-store", Connection: "close" });
  res.end(JSON.stringify({ error: "too_large" }));
  return true;
}

export function installEarlyBodyCheck(): void {
  const proto = http.Server.prototype as Patched;
  if (proto[installed]) return;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request" && refuseEarly(args[0] as http.IncomingMessage, args[1] as http.ServerResponse)) return true;
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof proto.emit;
  proto[installed] = true;
}
