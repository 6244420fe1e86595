import { guardedCaseRoute } from "@/lib/auth/guard";
import { recordEvidenceAccess } from "@/lib/evidence/actions/access";
import { parseWire, readJson } from "@/lib/http/request";
import { accessWireSchema, JSON_BODY_MAX } from "@/lib/evidence/wire";

export const dynamic = "force-dynamic";

// The chain of custody's "previewed by" / "downloaded by": sent by the browser
// after it decrypted and checked the file (GET …/content records nothing).
export const POST = guardedCaseRoute<{ caseId: string; evidenceId: string }>("case.read", async (request, actor, { caseId, evidenceId }) => {
  const { purpose } = parseWire(accessWireSchema, await readJson(request, JSON_BODY_MAX));
  await recordEvidenceAccess(actor, caseId, evidenceId, purpose);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});
