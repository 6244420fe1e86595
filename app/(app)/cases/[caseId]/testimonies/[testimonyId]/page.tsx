import { guardCasePage } from "@/lib/auth/guard";
import { getCaseDetail } from "@/lib/cases/queries";
import { TestimonyReader } from "../testimony-reader";

// A testimony, for the case's members only (anyone else: the same 404 as for a case that does not exist).
export default async function TestimonyPage({ params }: { params: Promise<{ caseId: string; testimonyId: string }> }) {
  const { caseId, testimonyId } = await params;
  const { actor } = await guardCasePage("case.read", caseId, testimonyId);
  const detail = await getCaseDetail(actor, caseId);
  return <TestimonyReader detail={detail} me={{ userId: actor.userId, orgRole: actor.role }} testimonyId={testimonyId} />;
}
