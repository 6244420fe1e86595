import { guardedCaseRoute } from "@/lib/auth/guard";
import { cancelUpload } from "@/lib/evidence/actions/upload";
import { jsonNoStore } from "@/lib/http/request";
import { getUploadStatus } from "@/lib/evidence/queries";

export const dynamic = "force-dynamic";

type Params = { caseId: string; evidenceId: string };

// The uploader's view of an upload: what is stored so far (to resume), and cancelling it.
export const GET = guardedCaseRoute<Params>("case.evidence_upload", async (_request, actor, { caseId, evidenceId }) =>
  jsonNoStore(await getUploadStatus(actor, caseId, evidenceId)),
);

export const DELETE = guardedCaseRoute<Params>("case.evidence_upload", async (_request, actor, { caseId, evidenceId }) =>
  jsonNoStore(await cancelUpload(actor, caseId, evidenceId)),
);
