import "client-only";
import { getResult, type ReadResult } from "@/lib/http/get-json";

// The reads of one case's tabs, as GET requests (issue 15, "reads as
// reads"): each answers the view's data or the route's refusal — for anyone
// not on the case, "not_found", exactly as for a case that does not exist.

const caseUrl = (caseId: string, ...path: (string | number)[]) => `/api/cases/${encodeURIComponent(caseId)}${path.map((p) => `/${encodeURIComponent(String(p))}`).join("")}`;

export const readCase = <T>(caseId: string, ...path: (string | number)[]): Promise<ReadResult<T>> => getResult<T>(caseUrl(caseId, ...path));
