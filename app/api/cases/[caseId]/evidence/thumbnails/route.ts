import { guardedCaseRoute } from "@/lib/auth/guard";
import { thumbnailIdsSchema } from "@/lib/evidence/thumbnail";
import { listThumbnails } from "@/lib/evidence/thumbnail-queries";
import { jsonNoStore, parseWire } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// The sealed thumbnails of the items the list shows, a batch at a time: a read
// for any member (as reading the items themselves), changing nothing.
// GET /api/cases/<caseId>/evidence/thumbnails?ids=<id>,<id>,…
export const GET = guardedCaseRoute("case.read", async (request, actor, { caseId }) => {
  const ids = parseWire(thumbnailIdsSchema, new URL(request.url).searchParams.get("ids") ?? "");
  return jsonNoStore(await listThumbnails(actor, caseId, ids));
});
