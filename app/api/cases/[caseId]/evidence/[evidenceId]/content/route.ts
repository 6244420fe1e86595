import { guardedCaseRoute } from "@/lib/auth/guard";
import { openEvidenceContent } from "@/lib/evidence/queries";

export const dynamic = "force-dynamic";

// The ciphertext of an evidence item, streamed part by part, for any member
// of the case. ?purpose=download|preview decides the audit event. The browser
// decrypts it and checks its hash.
export const GET = guardedCaseRoute<{ caseId: string; evidenceId: string }>("case.read", async (request, actor, { caseId, evidenceId }) => {
  const { size, stream } = await openEvidenceContent(actor, caseId, evidenceId, new URL(request.url).searchParams.get("purpose"));
  return new Response(stream, {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(size),
      "Content-Disposition": "attachment",
      "Cache-Control": "no-store",
    },
  });
});
