import { guardedCaseRoute } from "@/lib/auth/guard";
import { jsonNoStore } from "@/lib/http/request";
import { listTestimonies } from "@/lib/testimonies/queries";

export const dynamic = "force-dynamic";

// The case's testimonies (latest version of each, sealed) and the reader's own draft: a read.
// GET /api/cases/<caseId>/testimonies
export const GET = guardedCaseRoute("case.read", async (_request, actor, { caseId }) => jsonNoStore(await listTestimonies(actor, caseId)));
