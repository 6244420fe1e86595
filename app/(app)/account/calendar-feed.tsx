"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ShownOnceLink } from "@/app/_components/shown-once-link";
import type { FeedStatus } from "@/lib/calendar/queries";
import { createFeedAction, revokeFeedAction } from "@/app/_actions/calendar";
import { AccountSection } from "./account-section";

type Asking = "replace" | "revoke" | null;

/**
 * The private calendar link. The full URL is shown once, right after it is
 * made: the server keeps only a hash of its token and cannot show it again.
 */
export function CalendarFeed({ initial }: { initial: FeedStatus }) {
  const t = useTranslations("calendarFeed");
  const format = useFormatter();
  const [status, setStatus] = useState(initial);
  const [link, setLink] = useState<string | null>(null);
  const [notice, setNotice] = useState<"revoked" | "failed" | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [busy, startTransition] = useTransition();

  function create() {
    setAsking(null);
    setNotice(null);
    startTransition(async () => {
      const result = await createFeedAction(undefined);
      if (!result.ok) return setNotice("failed");
      setLink(`${window.location.origin}/api/calendar/${result.data.token}`);
      setStatus({ active: true, createdAt: result.data.createdAt, lastUsedAt: null });
    });
  }

  function revoke() {
    setAsking(null);
    setNotice(null);
    startTransition(async () => {
      const result = await revokeFeedAction(undefined);
      // not_found: it was already revoked (another tab); the outcome is the same.
      if (!result.ok && result.error !== "not_found") return setNotice("failed");
      setLink(null);
      setStatus({ active: false, createdAt: null, lastUsedAt: null });
      setNotice("revoked");
    });
  }

  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  return (
    <AccountSection id="calendar-feed" title={t("title")} intro={t("intro")} busy={busy}>
      <div className="mt-3 space-y-3">
        {notice && <FormAlert tone={notice === "failed" ? "error" : "success"}>{t(notice)}</FormAlert>}
        {link && <ShownOnceLink link={link} testId="calendar-feed-link" labels={{ field: t("linkLabel"), copy: t("copy"), copied: t("copied") }} after={t("linkOnce")} />}
        <p className="text-sm text-slate-700" data-testid="calendar-feed-status">
          {status.active && status.createdAt
            ? `${t("active", { created: when(status.createdAt) })} ${status.lastUsedAt ? t("lastUsed", { when: when(status.lastUsedAt) }) : t("neverUsed")}`
            : t("none")}
        </p>
        <div className="flex flex-wrap gap-2">
          {status.active ? (
            <>
              <Button variant="secondary" disabled={busy} onClick={() => setAsking("replace")}>
                {t("replace")}
              </Button>
              <Button variant="danger" disabled={busy} onClick={() => setAsking("revoke")}>
                {t("revoke")}
              </Button>
            </>
          ) : (
            <Button disabled={busy} onClick={create}>
              {t("create")}
            </Button>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={asking !== null}
        title={asking === "replace" ? t("replaceTitle") : t("revokeTitle")}
        body={asking === "replace" ? t("replaceBody") : t("revokeBody")}
        confirmLabel={asking === "replace" ? t("replaceConfirm") : t("revokeConfirm")}
        cancelLabel={t("cancel")}
        onConfirm={asking === "replace" ? create : revoke}
        onClose={() => setAsking(null)}
      />
    </AccountSection>
  );
}
