import NextAuth from "next-auth";
import { guardedRoute } from "@/lib/auth/guard";
import { authOptions } from "@/lib/auth/next-auth";

// next-auth's endpoints (csrf, credentials callback, sign-out, session).
// The credentials check itself is lib/auth/actions/sign-in.ts.
const handle = guardedRoute<{ nextauth: string[] }>("auth.session", (request, _actor, params) =>
  NextAuth(authOptions())(request, { params: Promise.resolve(params) }),
);

export { handle as GET, handle as POST };
