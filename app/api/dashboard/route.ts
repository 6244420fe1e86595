import { guardedRoute } from "@/lib/auth/guard";
import { listDashboard } from "@/lib/deadlines/queries";
import { dashboardQuerySchema } from "@/lib/deadlines/schema";
import { AppError } from "@/lib/errors/app-error";
import { jsonNoStore, parseWire } from "@/lib/evidence/http";

export const dynamic = "force-dynamic";

// The dashboard's data as a read (issue 15, "reads as reads"): a GET that
// changes nothing a user sees — the read's audit record goes to the inbox —
// so browsers and proxies may treat it as one, and never keep it (no-store).
// GET /api/dashboard?from=<iso>&to=<iso>&overdue=0|1
export const GET = guardedRoute("deadlines.dashboard", async (request, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  const query = parseWire(dashboardQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return jsonNoStore(await listDashboard(actor, { from: new Date(query.from), to: new Date(query.to), overdue: query.overdue }));
});
