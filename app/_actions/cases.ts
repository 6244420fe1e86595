"use server";

import { guardedAction, guardedCaseAction } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { openCase } from "@/lib/cases/actions/open-case";
import { saveProfile } from "@/lib/cases/actions/profile";
import { addMember, removeMember, reshareKey } from "@/lib/cases/actions/team";
import { transitionCase } from "@/lib/cases/actions/transition";
import { reportSecurityAlert } from "@/lib/trust/actions";
import { securityAlertWireSchema } from "@/lib/trust/schema";
import {
  addMemberWireSchema,
  openCaseWireSchema,
  removeMemberWireSchema,
  reshareWireSchema,
  saveProfileWireSchema,
  transitionWireSchema,
} from "@/lib/cases/schema";

// The case entry points: each one passes the policy door (membership first
// for anything inside a case), validates with the shared schema, and calls
// one lib function.



export const openCaseAction = guardedAction("cases.create", openCaseWireSchema, async (input, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  return openCase(actor, input);
});

export const reportSecurityAlertAction = guardedCaseAction("case.report_alert", securityAlertWireSchema, (input, actor) => reportSecurityAlert(actor, input));

export const saveProfileAction = guardedCaseAction("case.edit_profile", saveProfileWireSchema, (input, actor) => saveProfile(actor, input));

export const addMemberAction = guardedCaseAction("case.manage_team", addMemberWireSchema, (input, actor) => addMember(actor, input));

export const removeMemberAction = guardedCaseAction("case.manage_team", removeMemberWireSchema, (input, actor) => removeMember(actor, input));

export const reshareKeyAction = guardedCaseAction("case.reshare_key", reshareWireSchema, (input, actor) => reshareKey(actor, input));

export const transitionAction = guardedCaseAction("case.transition", transitionWireSchema, (input, actor, caseRole) => transitionCase(actor, caseRole, input));
