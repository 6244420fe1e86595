import { guardedCaseRoute } from "@/lib/auth/guard";
import { storePart } from "@/lib/evidence/actions/upload";
import { jsonNoStore } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// One part of an upload's ciphertext, raw (application/octet-stream), with
// its SHA-256 in x-part-sha256. The body is read with a hard cap at the
// part's planned size. 201 when stored, 200 when the same part was already.
export const PUT = guardedCaseRoute<{ caseId: string; evidenceId: string; partNumber: string }>(
  "case.evidence_upload",
  async (request, actor, { caseId, evidenceId, partNumber }) => {
    const { created, ...part } = await storePart(actor, {
      caseId,
      evidenceId,
      partNumber,
      sha256: request.headers.get("x-part-sha256"),
      contentLength: request.headers.get("content-length"),
      body: request.body,
    });
    return jsonNoStore(part, created ? 201 : 200);
  },
);
