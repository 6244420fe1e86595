import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env, isSecureOrigin } from "@/lib/env";
import { clientAddress } from "@/lib/security/client-address";
import { endSessionsOnSignOut } from "./actions/sign-out";
import { SignInError, verifySignIn } from "./actions/sign-in";
import { sessionCookieName } from "./cookies";
import { encodeSignInFailure } from "./sign-in-failure";
import { SESSION_ABSOLUTE_SECONDS } from "./session-store";

// next-auth carries a signed JWT naming a server-side session record; the
// record is what counts (lib/auth/session.ts checks it on every request), so
// sign-out, idle timeout and deactivation take effect at once.
// The credentials are email + authKey (derived in the browser from the
// passphrase; the passphrase itself never leaves the browser) + TOTP code.

export function authOptions(): AuthOptions {
  const secure = isSecureOrigin();
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_ABSOLUTE_SECONDS },
    jwt: { maxAge: SESSION_ABSOLUTE_SECONDS },
    useSecureCookies: secure,
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Casevault",
        credentials: { email: {}, authKey: {}, totp: {} },
        async authorize(credentials, req) {
          try {
            const { userId, sessionId } = await verifySignIn({
              email: credentials?.email ?? "",
              authKey: credentials?.authKey ?? "",
              totp: credentials?.totp ?? "",
              ip: clientAddress(req?.headers, env().TRUSTED_PROXY_HOPS),
            });
            return { id: userId, sid: sessionId };
          } catch (error) {
            // next-auth passes the message to the browser's signIn() result (lib/auth/sign-in-failure.ts).
            if (error instanceof SignInError) {
              throw new Error(encodeSignInFailure({ code: error.code, retryAfterSeconds: error.retryAfterSeconds }));
            }
            throw new Error(encodeSignInFailure({ code: "unavailable" }));
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user && "sid" in user && typeof user.sid === "string") {
          token.sid = user.sid;
          token.uid = user.id;
        }
        // Keep the token minimal: no email, no name.
        return { sid: token.sid, uid: token.uid, iat: token.iat, exp: token.exp, jti: token.jti };
      },
      async session({ session }) {
        return { expires: session.expires }; // the browser learns nothing from here
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.uid === "string") await endSessionsOnSignOut(token.uid);
      },
    },
  };
}
