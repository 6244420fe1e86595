"use server";

import { guardedAction } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { markRead } from "@/lib/notifications/actions";
import { markReadInputSchema } from "@/lib/notifications/schema";

// The notification centre in the header: the signed-in user's own
// notifications only (thin: policy door, schema, one lib call). Its reads
// are GETs: /api/notifications and /api/notifications/unread.

export const markReadAction = guardedAction("notifications.own", markReadInputSchema, async ({ ids }, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  return markRead(actor, ids);
});
