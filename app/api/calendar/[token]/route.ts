import { guardedRoute } from "@/lib/auth/guard";
import { hashFeedToken, isFeedToken } from "@/lib/calendar/feed-token";
import { buildFeedCalendar } from "@/lib/calendar/ical";
import { feedDeadlines } from "@/lib/calendar/queries";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";

export const dynamic = "force-dynamic";

// A user's private iCal feed. Calendar apps fetch it without a session: the
// token in the path is the credential ("calendar.feed" admits anyone; the
// token decides). Malformed, unknown and revoked tokens get the same 404, so
// the answer says nothing about which tokens ever existed.
export const GET = guardedRoute<{ token: string }>("calendar.feed", async (_request, _actor, { token }) => {
  if (!isFeedToken(token)) throw new AppError("not_found");
  const deadlines = await feedDeadlines(hashFeedToken(token));
  if (!deadlines) throw new AppError("not_found");
  return new Response(buildFeedCalendar(deadlines, { origin: env().NEXTAUTH_URL }), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="casevault.ics"',
      // The URL is a credential and the body is private: no shared cache may keep either.
      "Cache-Control": "no-store",
    },
  });
});
