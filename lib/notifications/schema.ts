import { z } from "zod";
import { pageLimitSchema } from "@/lib/paging/cursor";
import type { DeadlineKind } from "@/lib/deadlines/schema";
import type { Notice } from "./notice";

// What the notification centre sends and receives. Only what DESIGN.md §3
// lets the server see: the case's random reference, the deadline's kind and
// due instant, and the notice (days before / overdue).

export type NotificationView = {
  id: string;
  caseId: string;
  reference: string;
  kind: DeadlineKind;
  dueAt: string;
  notice: Notice;
  /** When the notification was owed. */
  at: string;
  read: boolean;
};

/** GET /api/notifications's query: how many of the newest (1–50, 20 when absent). */
export const notificationListQuerySchema = z.object({ limit: pageLimitSchema("notifications.limit", 50, 20) });

/** "all", or up to 100 ids of the actor's own notifications. */
export const markReadInputSchema = z.object({ ids: z.union([z.literal("all"), z.array(z.uuid()).min(1).max(100)]) });
