"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/policy";
import { changeRole, createInvitation, reissueInvitation, resetAccount, revokeInvitation, setUserActive } from "@/lib/users/actions";
import { changeRoleSchema, invitationIdSchema, inviteSchema, userIdSchema } from "@/lib/users/schema";

function signedIn(actor: Actor | null): Actor {
  if (!actor) throw new AppError("unauthenticated");
  return actor;
}

async function refreshed<T>(result: Promise<T>): Promise<T> {
  const value = await result;
  revalidatePath("/admin/users");
  return value;
}

export const inviteAction = guardedAction("users.invite", inviteSchema, (input, actor) => refreshed(createInvitation(signedIn(actor), input)));
export const reissueAction = guardedAction("users.invite", invitationIdSchema, ({ invitationId }, actor) => refreshed(reissueInvitation(signedIn(actor), invitationId)));
export const revokeAction = guardedAction("invitations.revoke", invitationIdSchema, ({ invitationId }, actor) => refreshed(revokeInvitation(signedIn(actor), invitationId)));
export const changeRoleAction = guardedAction("users.change_role", changeRoleSchema, ({ userId, role }, actor) => refreshed(changeRole(signedIn(actor), userId, role)));
export const deactivateAction = guardedAction("users.deactivate", userIdSchema, ({ userId }, actor) => refreshed(setUserActive(signedIn(actor), userId, false)));
export const reactivateAction = guardedAction("users.reactivate", userIdSchema, ({ userId }, actor) => refreshed(setUserActive(signedIn(actor), userId, true)));
export const resetAction = guardedAction("users.reset", userIdSchema, ({ userId }, actor) => refreshed(resetAccount(signedIn(actor), userId)));
