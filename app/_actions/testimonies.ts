"use server";

import { guardedCaseAction } from "@/lib/auth/guard";
import { discardDraft, saveDraft } from "@/lib/testimonies/actions/drafts";
import { saveTestimonyVersion } from "@/lib/testimonies/actions/save-version";
import { discardDraftWireSchema, saveDraftWireSchema, saveTestimonyWireSchema } from "@/lib/testimonies/wire";

// Testimony entry points: membership first, then the policy table, then the
// shared schema, then one lib function.


export const saveTestimonyAction = guardedCaseAction("case.testimony_write", saveTestimonyWireSchema, (input, actor) => saveTestimonyVersion(actor, input));

export const saveDraftAction = guardedCaseAction("case.testimony_write", saveDraftWireSchema, (input, actor) => saveDraft(actor, input));

export const discardDraftAction = guardedCaseAction("case.testimony_write", discardDraftWireSchema, (input, actor) => discardDraft(actor, input));
