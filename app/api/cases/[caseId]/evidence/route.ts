import { guardedCaseRoute } from "@/lib/auth/guard";
import { listEvidence } from "@/lib/evidence/queries";
import { jsonNoStore } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// Ready evidence of the case, the latest sealed metadata of each, and every review note: a read.
// GET /api/cases/<caseId>/evidence
export const GET = guardedCaseRoute("case.read", async (_request, actor, { caseId }) => jsonNoStore(await listEvidence(actor, caseId)));
