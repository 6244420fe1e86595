import path from "node:path";
import { NextResponse } from "next/server";
import { verifyAuditChain } from "@/lib/audit/queries";
import { isLocalVerifyToken } from "@/lib/audit/local-verify";
import { guardedRoute } from "@/lib/auth/guard";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

// `npm run audit:verify` while the app holds the embedded database: the CLI
// presents the token the app wrote to DATA_DIR/audit-verify.json. Anything
// else is "not found". POST: it is asked for, never prefetched or cached.
// `?full=1` (`audit:verify --full`) walks from event #1; otherwise from the
// newest signed checkpoint.
export const POST = guardedRoute("audit.verify_local", async (request) => {
  const noStore = { "Cache-Control": "no-store" };
  if (!isLocalVerifyToken(path.resolve(env().DATA_DIR), request.headers.get("authorization"))) {
    return NextResponse.json({ error: "not_found" }, { status: 404, headers: noStore });
  }
  const full = new URL(request.url).searchParams.get("full") === "1";
  return NextResponse.json(await verifyAuditChain(undefined, full ? "full" : "incremental"), { headers: noStore });
});
