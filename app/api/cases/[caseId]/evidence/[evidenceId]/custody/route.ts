import { guardedCaseRoute } from "@/lib/auth/guard";
import { evidenceCustody } from "@/lib/evidence/queries";
import { jsonNoStore } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// An item's chain of custody — its audit events (who, what, when): a read.
// GET /api/cases/<caseId>/evidence/<evidenceId>/custody
export const GET = guardedCaseRoute<{ caseId: string; evidenceId: string }>("case.read", async (_request, actor, { caseId, evidenceId }) =>
  jsonNoStore(await evidenceCustody(actor, caseId, evidenceId)),
);
