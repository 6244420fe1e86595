"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { currentNavHref } from "./nav-items";

export type MainNavLink = { href: string; text: string };

/**
 * The main navigation, with the current page marked (`aria-current="page"` and
 * a visible underline); pages under an item mark it too (/cases/<id> → Cases).
 */
export function MainNav({ links, label, className }: { links: readonly MainNavLink[]; label: string; className?: string }) {
  const current = currentNavHref(links, usePathname());
  return (
    <nav aria-label={label} className={className}>
      {links.map((link) => {
        const here = link.href === current;
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={here ? "page" : undefined}
            className={`rounded px-2 py-1 hover:bg-slate-100 hover:text-slate-900 ${here ? "bg-slate-100 font-medium text-slate-900 underline decoration-accent-700 decoration-2 underline-offset-[6px]" : "text-slate-700"}`}
          >
            {link.text}
          </Link>
        );
      })}
    </nav>
  );
}
