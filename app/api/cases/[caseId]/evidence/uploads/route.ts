import { guardedCaseRoute } from "@/lib/auth/guard";
import { startUpload } from "@/lib/evidence/actions/upload";
import { listMyUploads } from "@/lib/evidence/queries";
import { jsonNoStore, parseWire, readJson } from "@/lib/http/request";
import { JSON_BODY_MAX, startUploadWireSchema } from "@/lib/evidence/wire";

export const dynamic = "force-dynamic";

// Starts an evidence upload: the plan (ciphertext size, part size and count)
// and the sealed metadata, version 1. 201 { evidenceId }.
export const POST = guardedCaseRoute("case.evidence_upload", async (request, actor, { caseId }) => {
  const input = parseWire(startUploadWireSchema, await readJson(request, JSON_BODY_MAX));
  return jsonNoStore(await startUpload(actor, caseId, input), 201);
});

// The caller's own unfinished uploads on the case (to resume after a reload): a read.
export const GET = guardedCaseRoute("case.evidence_upload", async (_request, actor, { caseId }) => jsonNoStore(await listMyUploads(actor, caseId)));
