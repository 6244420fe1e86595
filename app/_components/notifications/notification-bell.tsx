"use client";

import { Popover, PopoverButton, PopoverPanel, useClose } from "@headlessui/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { markReadAction } from "@/app/_actions/notifications";
import { getResult } from "@/lib/http/get-json";
import { caseTabHref } from "@/app/(app)/cases/[caseId]/case-tabs";
import type { NotificationView } from "@/lib/notifications/schema";

// The notification centre in the header: a bell with the unread count
// (polled every minute and on every page change), opening the recent deadline reminders and overdue
// escalations. Each names only the case reference and the deadline's kind.

const POLL_MS = 60_000;
const LIST_LIMIT = 20;

export function NotificationBell() {
  const t = useTranslations("notifications");
  const [unread, setUnread] = useState(0);
  /** Bumped after marking read: polls again at once. */
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const pathname = usePathname();

  useEffect(() => {
    let live = true;
    const poll = () =>
      void getResult<{ unread: number }>("/api/notifications/unread").then((result) => {
        if (live && result.ok) setUnread(result.data.unread);
      });
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [version, pathname]);

  return (
    <Popover>
      <PopoverButton
        aria-label={t("bell", { count: unread })}
        className="relative flex items-center rounded p-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900 data-open:bg-slate-100"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5">
          <path
            fill="currentColor"
            d="M10 2a5 5 0 0 0-5 5v2.6L3.6 12.4A1 1 0 0 0 4.5 14h11a1 1 0 0 0 .9-1.6L15 9.6V7a5 5 0 0 0-5-5Zm-2 13a2 2 0 0 0 4 0H8Z"
          />
        </svg>
        {unread > 0 && (
          <span aria-hidden="true" className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </PopoverButton>
      <PopoverPanel anchor="bottom end" className="z-20 mt-1 w-96 rounded border border-slate-200 bg-white text-sm shadow-lg focus:outline-none">
        <NotificationList onChange={refresh} />
      </PopoverPanel>
    </Popover>
  );
}

type Loaded = { state: "loading" } | { state: "failed" } | { state: "ready"; items: NotificationView[] };

/** Mounted while the panel is open: loads the list each time it opens. */
function NotificationList({ onChange }: { onChange: () => void }) {
  const t = useTranslations("notifications");
  const tk = useTranslations("deadlines.kinds");
  const close = useClose();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void getResult<NotificationView[]>(`/api/notifications?limit=${LIST_LIMIT}`).then((result) => {
      if (live) setLoaded(result.ok ? { state: "ready", items: result.data } : { state: "failed" });
    });
    return () => {
      live = false;
    };
  }, [version]);

  const markRead = async (ids: string[] | "all") => {
    await markReadAction({ ids });
    setVersion((v) => v + 1);
    onChange();
  };

  const items = loaded.state === "ready" ? loaded.items : [];
  const anyUnread = items.some((n) => !n.read);

  return (
    <div>
      <div className="flex items-center justify-between border-b border-slate-100 px-3 py-2">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("title")}</h2>
        {anyUnread && (
          <button type="button" onClick={() => void markRead("all")} className="text-xs text-accent-700 hover:underline">
            {t("markAllRead")}
          </button>
        )}
      </div>
      {loaded.state === "loading" && <p className="px-3 py-3 text-slate-500">{t("loading")}</p>}
      {loaded.state === "failed" && <p className="px-3 py-3 text-red-700">{t("unavailable")}</p>}
      {loaded.state === "ready" && items.length === 0 && <p className="px-3 py-3 text-slate-500">{t("empty")}</p>}
      {items.length > 0 && (
        <ul className="max-h-96 overflow-y-auto py-1">
          {items.map((n) => {
            const text = t.rich(n.notice.type, {
              kind: tk(n.kind),
              days: n.notice.days,
              reference: n.reference,
              ref: (chunks) => <span className="whitespace-nowrap font-mono text-xs">{chunks}</span>,
            });
            return (
              <li key={n.id}>
                <Link
                  href={caseTabHref(n.caseId, "deadlines")}
                  onClick={() => {
                    if (!n.read) void markRead([n.id]);
                    close();
                  }}
                  className={`flex items-start gap-2 px-3 py-2 hover:bg-slate-100 ${n.read ? "text-slate-600" : "font-medium text-slate-900"}`}
                >
                  <span aria-hidden="true" className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.read ? "bg-transparent" : n.notice.type === "overdue" ? "bg-red-600" : "bg-accent-700"}`} />
                  <span>
                    {!n.read && <span className="sr-only">{t("unread")}: </span>}
                    {text}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
