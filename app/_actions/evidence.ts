"use server";

import { guardedCaseAction } from "@/lib/auth/guard";
import { reviewEvidence } from "@/lib/evidence/actions/review";
import { reviewEvidenceWireSchema } from "@/lib/evidence/wire";

// Evidence entry points for the case's evidence tab (the file bytes go
// through the route handlers under /api/cases/[caseId]/evidence): membership
// first, then the policy table, then the shared schema, then one lib function.

export const reviewEvidenceAction = guardedCaseAction("case.evidence_review", reviewEvidenceWireSchema, (input, actor) => reviewEvidence(actor, input));
