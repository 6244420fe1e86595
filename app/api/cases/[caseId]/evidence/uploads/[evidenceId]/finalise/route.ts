import { guardedCaseRoute } from "@/lib/auth/guard";
import { finaliseUpload } from "@/lib/evidence/actions/upload";
import { jsonNoStore, readJson } from "@/lib/http/request";
import { JSON_BODY_MAX } from "@/lib/evidence/wire";

export const dynamic = "force-dynamic";

// Makes a complete upload evidence: the server re-hashes the stored
// ciphertext, then records the signature and the final sealed metadata.
// The JSON body is read only once the upload is found to be the actor's.
export const POST = guardedCaseRoute<{ caseId: string; evidenceId: string }>("case.evidence_upload", async (request, actor, { caseId, evidenceId }) =>
  jsonNoStore(await finaliseUpload(actor, caseId, evidenceId, () => readJson(request, JSON_BODY_MAX))),
);
