"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * After a client-side navigation to another page, focus moves to the new
 * page's <h1> (or the main landmark when it has none), so a screen reader says
 * where the user now is instead of staying on the link that was clicked.
 * Not on the first load, not when only the query changes (a case tab), and
 * not when the new page has already put focus inside itself (the unlock
 * screen's passphrase field).
 */
export function RouteFocus({ mainId }: { mainId: string }) {
  const pathname = usePathname();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const main = document.getElementById(mainId);
    if (!main) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== main && main.contains(active)) return;
    const target = main.querySelector("h1") ?? main;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }, [pathname, mainId]);
  return null;
}
