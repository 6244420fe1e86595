import { NextResponse } from "next/server";
import { guardedRoute } from "@/lib/auth/guard";
import { quickExit } from "@/lib/auth/actions/sign-out";
import { sessionCookieName } from "@/lib/auth/cookies";
import { isSecureOrigin } from "@/lib/env";

// Quick exit (sent with navigator.sendBeacon as the page is replaced): ends
// every session of the user and clears the cookie. Anonymous calls are a no-op.
export const POST = guardedRoute("auth.quick_exit", async (_request, actor) => {
  if (actor) await quickExit(actor.userId);
  const response = new NextResponse(null, { status: 204 });
  // A __Host- cookie is only replaced by one with the same attributes.
  response.cookies.set(sessionCookieName(), "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: isSecureOrigin() });
  return response;
});
