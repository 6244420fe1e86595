import { guardedCaseRoute } from "@/lib/auth/guard";
import { obtainTimestamp } from "@/lib/timestamp/obtain";
import { jsonNoStore, readJson } from "@/lib/http/request";
import { TIMESTAMP_BODY_MAX } from "@/lib/timestamp/wire";

export const dynamic = "force-dynamic";

// The TSA proxy (issue 13 point 5): the browser sends a SHA-256, the server
// asks TSA_URL for an RFC 3161 token over it and returns the token. Members
// who may upload evidence or export bundles only (the policy door).
// POST /api/cases/<caseId>/timestamp {sha256} → {token | null}
export const POST = guardedCaseRoute("case.timestamp", async (request) => jsonNoStore(await obtainTimestamp(await readJson(request, TIMESTAMP_BODY_MAX))));
