import "server-only";
import { isSecureOrigin } from "@/lib/env";

// On a secure origin the session cookie is `__Host-`: Secure, host-only,
// path=/, so no subdomain or plain-http page can set or read it.
export function sessionCookieName(): string {
  return isSecureOrigin() ? "__Host-casevault.session" : "casevault.session";
}
