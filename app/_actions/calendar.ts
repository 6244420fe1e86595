"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/policy";
import { createFeed, revokeFeed } from "@/lib/calendar/actions";
import { AppError } from "@/lib/errors/app-error";

// The signed-in user's calendar feed link (thin: policy door, schema, one lib call).

function signedIn(actor: Actor | null): Actor {
  if (!actor) throw new AppError("unauthenticated");
  return actor;
}

/** A new link (the previous one stops working). The token travels to the browser once. */
export const createFeedAction = guardedAction("calendar.manage_feed", z.undefined(), async (_input, actor) => {
  const { token, createdAt } = await createFeed(signedIn(actor));
  return { token, createdAt: createdAt.toISOString() };
});

export const revokeFeedAction = guardedAction("calendar.manage_feed", z.undefined(), async (_input, actor) => {
  await revokeFeed(signedIn(actor));
});
