import { guardedRoute } from "@/lib/auth/guard";
import { listCaseSummaries } from "@/lib/cases/queries";
import { caseSummariesQuerySchema } from "@/lib/cases/schema";
import { AppError } from "@/lib/errors/app-error";
import { jsonNoStore, parseWire } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// The keys, membership chain and latest profile of the named cases the
// caller is on (a case they are not on is simply not in the answer), for a
// browser that does not yet hold them opened (lib/cases/opened-cases.ts):
// views across cases fetch these once per case and epoch, not with every
// page of rows. A read: GET, no-store, recorded through the inbox.
// GET /api/cases/summaries?ids=<id>,<id>…
export const GET = guardedRoute("cases.list", async (request, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  const { ids } = parseWire(caseSummariesQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return jsonNoStore(await listCaseSummaries(actor, ids));
});
