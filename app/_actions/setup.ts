"use server";

import { z } from "zod";
import { checkSetupToken, completeSetup } from "@/lib/account/actions";
import { setupTokenSchema, setupWireSchema } from "@/lib/account/schema";
import { guardedAction } from "@/lib/auth/guard";

export const checkSetupTokenAction = guardedAction("setup.check_token", z.object({ setupToken: setupTokenSchema }), ({ setupToken }) => checkSetupToken(setupToken));

export const completeSetupAction = guardedAction("setup.complete", setupWireSchema, (input) => completeSetup(input));
