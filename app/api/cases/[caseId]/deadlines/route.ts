import { guardedCaseRoute } from "@/lib/auth/guard";
import { listCaseDeadlines } from "@/lib/deadlines/queries";
import { jsonNoStore } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// Every deadline of the case by due instant, details sealed: a read.
// GET /api/cases/<caseId>/deadlines
export const GET = guardedCaseRoute("case.read", async (_request, actor, { caseId }) => jsonNoStore(await listCaseDeadlines(actor, caseId)));
