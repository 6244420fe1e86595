"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { markRead } from "@/lib/notifications/actions";
import { listMyNotifications, unreadCount } from "@/lib/notifications/queries";
import { listNotificationsInputSchema, markReadInputSchema } from "@/lib/notifications/schema";

// The notification centre in the header: the signed-in user's own
// notifications only (thin: policy door, schema, one lib call).

export const unreadCountAction = guardedAction("notifications.own", z.undefined(), async (_input, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  return unreadCount(actor);
});

export const listNotificationsAction = guardedAction("notifications.own", listNotificationsInputSchema, async ({ limit }, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  return listMyNotifications(actor, limit);
});

export const markReadAction = guardedAction("notifications.own", markReadInputSchema, async ({ ids }, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  return markRead(actor, ids);
});
