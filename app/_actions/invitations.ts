"use server";

import { z } from "zod";
import { acceptInvitation, lookupInvitation } from "@/lib/account/actions";
import { acceptInvitationWireSchema } from "@/lib/account/schema";
import { guardedAction } from "@/lib/auth/guard";

const tokenSchema = acceptInvitationWireSchema.shape.token;

export const lookupInvitationAction = guardedAction("invitation.lookup", z.object({ token: tokenSchema }), ({ token }) => lookupInvitation(token));

export const acceptInvitationAction = guardedAction("invitation.accept", acceptInvitationWireSchema, (input) => acceptInvitation(input));
