import { guardCasePage } from "@/lib/auth/guard";
import { getCaseDetail } from "@/lib/cases/queries";
import { TestimonyEditor } from "../../testimony-editor";

// Writing a testimony (new, or its next version): the case's writers only.
export default async function EditTestimonyPage({ params }: { params: Promise<{ caseId: string; testimonyId: string }> }) {
  const { caseId, testimonyId } = await params;
  const { actor } = await guardCasePage("case.testimony_write", caseId, testimonyId);
  const detail = await getCaseDetail(actor, caseId);
  return <TestimonyEditor detail={detail} me={{ userId: actor.userId, orgRole: actor.role }} testimonyId={testimonyId} />;
}
