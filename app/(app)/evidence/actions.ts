"use server";

import { guardedCaseAction } from "@/lib/auth/guard";
import { reviewEvidence } from "@/lib/evidence/actions/review";
import { evidenceCustody, listEvidence, listMyUploads } from "@/lib/evidence/queries";
import { caseRefSchema, evidenceRefSchema, reviewEvidenceWireSchema } from "@/lib/evidence/wire";

// Evidence entry points for the case's evidence tab (the file bytes go
// through the route handlers under /api/cases/[caseId]/evidence): membership
// first, then the policy table, then the shared schema, then one lib function.

/** Ready evidence of the case, the latest sealed metadata of each, and every review note. */
export const evidenceListAction = guardedCaseAction("case.read", caseRefSchema, ({ caseId }, actor) => listEvidence(actor, caseId));

/** The actor's own unfinished uploads on the case (to resume after a reload). */
export const myUploadsAction = guardedCaseAction("case.evidence_upload", caseRefSchema, ({ caseId }, actor) => listMyUploads(actor, caseId));

export const reviewEvidenceAction = guardedCaseAction("case.evidence_review", reviewEvidenceWireSchema, (input, actor) => reviewEvidence(actor, input));

/** An item's chain of custody: its audit events (who, what, when). */
export const custodyAction = guardedCaseAction("case.read", evidenceRefSchema, ({ caseId, evidenceId }, actor) => evidenceCustody(actor, caseId, evidenceId));
