"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { updateOrgSettings } from "@/lib/org/actions";
import { orgSettingsSchema } from "@/lib/org/schema";

export const saveSettingsAction = guardedAction("org.settings", orgSettingsSchema, async (input, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  await updateOrgSettings(actor, input);
  revalidatePath("/", "layout");
});
