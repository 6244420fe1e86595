import { guardedCaseRoute } from "@/lib/auth/guard";
import { storeThumbnail } from "@/lib/evidence/actions/thumbnail";
import { storeThumbnailWireSchema, THUMBNAIL_SEALED_MAX } from "@/lib/evidence/thumbnail";
import { jsonNoStore, parseWire, readJson } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// The uploader's sealed thumbnail of an item they just finalised (issue 14),
// written once. Same permission as uploading; reads go through GET …/thumbnails.
export const PUT = guardedCaseRoute<{ caseId: string; evidenceId: string }>("case.evidence_upload", async (request, actor, { caseId, evidenceId }) => {
  const input = parseWire(storeThumbnailWireSchema, await readJson(request, 2 * THUMBNAIL_SEALED_MAX));
  return jsonNoStore(await storeThumbnail(actor, caseId, evidenceId, input), 201);
});
