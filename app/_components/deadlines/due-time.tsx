"use client";

import { useFormatter, useTranslations } from "next-intl";
import { viewerZone } from "./viewer-zone";

/**
 * A due moment in the venue's zone (as entered) and, when it differs, in the
 * viewer's own: a hearing in Yerevan read in London must not be misread by
 * four hours.
 */
export function DueTime({ dueAt, dateOnly, timeZone }: { dueAt: string; dateOnly: boolean; timeZone: string | null }) {
  const t = useTranslations("deadlines");
  const format = useFormatter();
  const when = new Date(dueAt);
  const mine = viewerZone();
  const venue = timeZone ?? mine;
  const inVenue = dateOnly
    ? t("byEndOf", { date: format.dateTime(when, { dateStyle: "medium", timeZone: venue }) })
    : format.dateTime(when, { dateStyle: "medium", timeStyle: "short", timeZone: venue });
  const inMine = format.dateTime(when, { dateStyle: "medium", timeStyle: "short", timeZone: mine });
  return (
    <span className="block">
      <span className="block text-slate-900">
        {inVenue} <span className="text-xs text-slate-600">{venue}</span>
      </span>
      {venue !== mine && (
        <span className="block text-xs text-slate-600" data-testid="due-viewer-zone">
          {t("yourTime", { time: inMine, zone: mine })}
        </span>
      )}
    </span>
  );
}
