import { guardCasePage } from "@/lib/auth/guard";
import { getCaseDetail } from "@/lib/cases/queries";
import { CaseWorkspace } from "./case-workspace";

// A case, for its members only: anyone else gets the same 404 as for a case
// that does not exist.
export default async function CasePage({ params }: { params: Promise<{ caseId: string }> }) {
  const { caseId } = await params;
  const { actor } = await guardCasePage("case.read", caseId);
  const detail = await getCaseDetail(actor, caseId);
  return <CaseWorkspace detail={detail} me={{ userId: actor.userId, orgRole: actor.role }} />;
}
