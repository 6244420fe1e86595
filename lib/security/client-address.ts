// The one place that decides a request's client address (sign-in's
// per-address bucket, passphrase change). Invariants:
// - With TRUSTED_PROXY_HOPS = 0, X-Forwarded-For is ignored entirely: the
//   address is the TCP peer, which `installPeerAddressHeader` writes into
//   PEER_ADDRESS_HEADER, overwriting whatever the client sent under that name.
// - With N > 0 hops, only the entry our N-th proxy appended counts (N-th
//   from the right); the left-most entries are whatever the client chose.
//   A header with fewer entries than hops means the request bypassed the
//   proxies: the TCP peer is used.

import type { IncomingMessage, Server } from "node:http";

/** Set by this process from the socket; a client cannot choose its value. */
export const PEER_ADDRESS_HEADER = "x-casevault-peer-address";

type HeaderSource = Headers | Record<string, unknown> | undefined;

function header(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return typeof value === "string" ? value : null;
}

export function clientAddress(headers: HeaderSource, trustedProxyHops: number): string | null {
  const peer = header(headers, PEER_ADDRESS_HEADER)?.trim() || null;
  if (trustedProxyHops === 0) return peer;
  const forwarded = header(headers, "x-forwarded-for");
  const entries = (forwarded ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  return entries[entries.length - trustedProxyHops] ?? peer;
}

let installed = false;

/**
 * Next.js gives handlers no socket, and its own X-Forwarded-For fallback keeps
 * a client-sent header. So every HTTP server in this process stamps the
 * socket's address on each request before any listener sees it.
 */
export function installPeerAddressHeader(serverPrototype: Pick<Server, "emit">): void {
  if (installed) return;
  installed = true;
  const emit = serverPrototype.emit;
  serverPrototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") stampPeerAddress(args[0] as IncomingMessage);
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Server["emit"];
}

export function stampPeerAddress(request: IncomingMessage): void {
  const address = request.socket?.remoteAddress;
  if (address) request.headers[PEER_ADDRESS_HEADER] = address;
  else delete request.headers[PEER_ADDRESS_HEADER];
}
