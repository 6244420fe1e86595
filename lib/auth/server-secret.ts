import "server-only";
import { createHmac } from "node:crypto";
import { EnvError, env } from "@/lib/env";

// Values derived from NEXTAUTH_SECRET (fake KDF salts, hashed IP addresses)
// must be the same on every instance and after a restart, and unpredictable
// to anyone without the secret. Each use prefixes its own label so one
// derived value can never stand in for another.

export function hmacWithServerSecret(message: string): Buffer {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) {
    throw new EnvError("NEXTAUTH_SECRET is not set: sign-in needs it (npm start generates one for the embedded database)");
  }
  return createHmac("sha256", secret).update(message, "utf8").digest();
}
