/**
 * Calling a route handler as Next calls it: a Request for the path on
 * localhost and the path's dynamic segments as a promise. Signed in through
 * the session read the test file mocks (vi.mock is hoisted per file, so the
 * mock stays there):
 *
 *   const session = vi.hoisted(() => ({ actor: null as Actor | null }));
 *   vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));
 *   …
 *   const response = await callRouteAs(session, user, GET, "/api/cases?limit=3");
 */
import type { Actor } from "@/lib/auth/policy";

export type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** The mocked session: whoever `actor` is, is signed in (null: nobody). */
export type TestSession = { actor: Actor | null };

/** `handler` answering a request for `path` (with its query), its segments `params`. */
export function callRoute<P>(handler: RouteHandler<P>, path: string, params: P, init: RequestInit = {}): Promise<Response> {
  // A streamed body needs duplex "half" in Node's Request.
  const request = new Request(`http://localhost${path}`, { ...init, ...(init.body ? { duplex: "half" } : {}) } as RequestInit);
  return handler(request, { params: Promise.resolve(params) });
}

/** As callRoute, signed in as `who` (null: nobody signed in). */
export function callRouteAs<P>(session: TestSession, who: { actor: Actor } | null, handler: RouteHandler<P>, path: string, params: P, init?: RequestInit): Promise<Response> {
  session.actor = who?.actor ?? null;
  return callRoute(handler, path, params, init);
}
