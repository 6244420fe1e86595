import { guardedRoute } from "@/lib/auth/guard";
import { safeReturnPath } from "@/lib/security/return-path";

// Where a secret-carrying form (app/_components/form/secret-form.tsx) posts
// if the browser submits it before the page's scripts have loaded. The body
// may hold a passphrase: it is never read, parsed or logged. The answer sends
// the person back to the page they were on, where the scripts will work.
export const POST = guardedRoute("form.fallback", async (request) => {
  const back = safeReturnPath(new URL(request.url).searchParams.get("back"));
  return new Response(null, { status: 303, headers: { Location: back, "Cache-Control": "no-store" } });
});
