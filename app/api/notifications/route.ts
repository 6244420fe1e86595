import { guardedRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { jsonNoStore, parseWire } from "@/lib/http/request";
import { listMyNotifications } from "@/lib/notifications/queries";
import { notificationListQuerySchema } from "@/lib/notifications/schema";

export const dynamic = "force-dynamic";

// The signed-in person's own newest notifications (the bell's list): a read.
// GET /api/notifications?limit=n
export const GET = guardedRoute("notifications.own", async (request, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  const { limit } = parseWire(notificationListQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return jsonNoStore(await listMyNotifications(actor, limit));
});
