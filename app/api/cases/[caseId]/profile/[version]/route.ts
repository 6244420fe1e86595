import { guardedCaseRoute } from "@/lib/auth/guard";
import { getProfileVersion } from "@/lib/cases/queries";
import { AppError } from "@/lib/errors/app-error";
import { jsonNoStore } from "@/lib/http/request";
import { parseVersion } from "@/lib/ids/parse-id";

export const dynamic = "force-dynamic";

// One version of the person profile, sealed (the profile's history): a read.
// GET /api/cases/<caseId>/profile/<n>
export const GET = guardedCaseRoute<{ caseId: string; version: string }>("case.read", async (_request, actor, { caseId, version }) => {
  const number = parseVersion(version);
  if (number === null) throw new AppError("not_found");
  return jsonNoStore(await getProfileVersion(actor, caseId, number));
});
