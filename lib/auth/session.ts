import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { cache } from "react";
import { env } from "@/lib/env";
import { validateSession } from "./session-store";
import { sessionCookieName } from "./cookies";
import type { Actor } from "./policy";

/**
 * The signed-in actor of this request, or null. Read once per request: the
 * cookie's JWT names a session record, and the record (not the JWT) decides:
 * revoked, idle, expired or deactivated means null on the very next request.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const raw = (await cookies()).get(sessionCookieName())?.value;
  if (!raw) return null;
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) return null;
  const token = await decode({ token: raw, secret }).catch(() => null);
  const sid = token?.sid;
  return typeof sid === "string" ? validateSession(sid, new Date()) : null;
});
