import NextAuth from "next-auth";
import { guardedRoute } from "@/lib/auth/guard";
import { authOptions } from "@/lib/auth/next-auth";
import { withSignInRetryAfter } from "@/lib/auth/sign-in-retry-after";

// next-auth's endpoints (csrf, credentials callback, sign-out, session).
// The credentials check itself is lib/auth/actions/sign-in.ts.
const handle = guardedRoute<{ nextauth: string[] }>("auth.session", async (request, _actor, params) => {
  const response = await NextAuth(authOptions())(request, { params: Promise.resolve(params) });
  return params.nextauth[0] === "callback" ? withSignInRetryAfter(response) : response;
});

export { handle as GET, handle as POST };
