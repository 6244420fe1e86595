import { guardedRoute } from "@/lib/auth/guard";
import { listDashboardPage } from "@/lib/deadlines/queries";
import { dashboardQuerySchema } from "@/lib/deadlines/schema";
import { AppError } from "@/lib/errors/app-error";
import { jsonNoStore, parseWire } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// The dashboard's data as a read (issue 15, "reads as reads"): a GET that
// changes nothing a user sees — the read's audit record goes to the inbox —
// so browsers and proxies may treat it as one, and never keep it (no-store).
// One page of rows with the exact count of all (issue 15, "send only what is
// shown"): GET /api/dashboard?to=<iso>[&from=<iso>]&open=0|1[&kind&assignee&caseState][&after=<cursor>][&limit=n]
export const GET = guardedRoute("deadlines.dashboard", async (request, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  const query = parseWire(dashboardQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return jsonNoStore(
    await listDashboardPage(actor, { ...query, from: query.from ? new Date(query.from) : undefined, to: new Date(query.to) }),
  );
});
