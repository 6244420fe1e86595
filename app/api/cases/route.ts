import { guardedRoute } from "@/lib/auth/guard";
import { listCasePage } from "@/lib/cases/queries";
import { casePageQuerySchema } from "@/lib/cases/schema";
import { AppError } from "@/lib/errors/app-error";
import { jsonNoStore, parseWire } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// The case list as a read (issue 15): one page of the caller's cases, most
// recently changed first, with the exact count the filters leave and a
// cursor for the next. Names are not here — the browser opens them with the
// keys of each case (GET /api/cases/summaries, once per case and epoch).
// GET /api/cases[?state][&role][&after=<cursor>][&limit=n]
export const GET = guardedRoute("cases.list", async (request, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  const query = parseWire(casePageQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return jsonNoStore(await listCasePage(actor, query));
});
