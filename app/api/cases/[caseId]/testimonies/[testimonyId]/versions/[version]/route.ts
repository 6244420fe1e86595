import { guardedCaseRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { jsonNoStore } from "@/lib/http/request";
import { parseVersion } from "@/lib/ids/parse-id";
import { getTestimonyVersion } from "@/lib/testimonies/queries";

export const dynamic = "force-dynamic";

type Params = { caseId: string; testimonyId: string; version: string };

// One earlier version of a testimony, sealed (the reader's version list): a read.
// GET /api/cases/<caseId>/testimonies/<testimonyId>/versions/<n>
export const GET = guardedCaseRoute<Params>("case.read", async (_request, actor, { caseId, testimonyId, version }) => {
  const number = parseVersion(version);
  if (number === null) throw new AppError("not_found");
  return jsonNoStore(await getTestimonyVersion(actor, caseId, testimonyId, number));
});
