"use server";

import { completeSetup } from "@/lib/account/actions";
import { setupWireSchema } from "@/lib/account/schema";
import { guardedAction } from "@/lib/auth/guard";

export const completeSetupAction = guardedAction("setup.complete", setupWireSchema, (input) => completeSetup(input));
