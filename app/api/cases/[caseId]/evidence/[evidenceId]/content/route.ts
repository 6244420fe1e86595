import { guardedCaseRoute } from "@/lib/auth/guard";
import { openEvidenceContent } from "@/lib/evidence/queries";

export const dynamic = "force-dynamic";

// The ciphertext of an evidence item, streamed part by part, for any member
// of the case. The browser decrypts it and checks its hash, then records the
// preview or download with POST …/access: a GET changes nothing.
export const GET = guardedCaseRoute<{ caseId: string; evidenceId: string }>("case.read", async (_request, actor, { caseId, evidenceId }) => {
  const { size, stream } = await openEvidenceContent(actor, caseId, evidenceId);
  return new Response(stream, {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(size),
      "Content-Disposition": "attachment",
      "Cache-Control": "no-store",
    },
  });
});
