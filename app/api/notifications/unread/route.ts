import { guardedRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { jsonNoStore } from "@/lib/http/request";
import { unreadCount } from "@/lib/notifications/queries";

export const dynamic = "force-dynamic";

// How many of the signed-in person's notifications are unread (the bell's badge, polled): a read.
// GET /api/notifications/unread → { unread: n }
export const GET = guardedRoute("notifications.own", async (_request, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  return jsonNoStore({ unread: await unreadCount(actor) });
});
