"use server";

import { z } from "zod";
import { guardedCaseAction } from "@/lib/auth/guard";
import { discardDraft, saveDraft } from "@/lib/testimonies/actions/drafts";
import { saveTestimonyVersion } from "@/lib/testimonies/actions/save-version";
import { getTestimonyVersion, listTestimonies } from "@/lib/testimonies/queries";
import { discardDraftWireSchema, saveDraftWireSchema, saveTestimonyWireSchema } from "@/lib/testimonies/wire";

// Testimony entry points: membership first, then the policy table, then the
// shared schema, then one lib function.

const caseRef = z.object({ caseId: z.uuid() });

export const testimoniesAction = guardedCaseAction("case.read", caseRef, ({ caseId }, actor) => listTestimonies(actor, caseId));

export const testimonyVersionAction = guardedCaseAction(
  "case.read",
  caseRef.extend({ testimonyId: z.uuid(), version: z.number().int().min(1) }),
  ({ caseId, testimonyId, version }, actor) => getTestimonyVersion(actor, caseId, testimonyId, version),
);

export const saveTestimonyAction = guardedCaseAction("case.testimony_write", saveTestimonyWireSchema, (input, actor) => saveTestimonyVersion(actor, input));

export const saveDraftAction = guardedCaseAction("case.testimony_write", saveDraftWireSchema, (input, actor) => saveDraft(actor, input));

export const discardDraftAction = guardedCaseAction("case.testimony_write", discardDraftWireSchema, (input, actor) => discardDraft(actor, input));
