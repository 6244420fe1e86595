import { notFound } from "next/navigation";
import { guardCasePage } from "@/lib/auth/guard";
import { getCaseDetail } from "@/lib/cases/queries";
import { TestimonyEditor } from "../../testimony-editor";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Writing a testimony (new, or its next version): the case's writers only.
export default async function EditTestimonyPage({ params }: { params: Promise<{ caseId: string; testimonyId: string }> }) {
  const { caseId, testimonyId } = await params;
  const { actor } = await guardCasePage("case.testimony_write", caseId);
  if (!UUID.test(testimonyId)) notFound();
  const detail = await getCaseDetail(actor, caseId);
  return <TestimonyEditor detail={detail} me={{ userId: actor.userId, orgRole: actor.role }} testimonyId={testimonyId.toLowerCase()} />;
}
