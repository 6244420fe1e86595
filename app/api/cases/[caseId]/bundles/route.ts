import { guardedCaseRoute } from "@/lib/auth/guard";
import { listBundles } from "@/lib/bundles/queries";
import { jsonNoStore } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// The case's bundles: exhibits in order and the latest sealed meta of each. A read.
// GET /api/cases/<caseId>/bundles
export const GET = guardedCaseRoute("case.read", async (_request, actor, { caseId }) => jsonNoStore(await listBundles(actor, caseId)));
