import type { OrgRole } from "@/lib/auth/roles";

// What each org role sees in the main navigation. Hiding a link is comfort,
// not security: every route is still guarded by the policy door.
export type NavItem = { href: string; label: "dashboard" | "cases" | "deadlines" | "users" | "audit" | "settings"; roles: readonly OrgRole[] };

export const navItems: readonly NavItem[] = [
  { href: "/", label: "dashboard", roles: ["coordinator", "caseworker", "lawyer"] },
  { href: "/cases", label: "cases", roles: ["coordinator", "caseworker", "lawyer"] },
  { href: "/admin/users", label: "users", roles: ["admin"] },
  { href: "/admin/audit", label: "audit", roles: ["admin"] },
  { href: "/admin/settings", label: "settings", roles: ["admin"] },
];

export function navFor(role: OrgRole | null): NavItem[] {
  return role ? navItems.filter((item) => item.roles.includes(role)) : [];
}

/**
 * The item the navigation marks as the current page: the one whose href is the
 * longest prefix of `pathname` by whole segments ("/cases" for "/cases/<id>",
 * "/admin/users" for "/admin/users/x"); "/" only on "/" itself.
 */
export function currentNavHref(items: readonly Pick<NavItem, "href">[], pathname: string | null): string | null {
  if (!pathname) return null;
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  let best: string | null = null;
  for (const { href } of items) {
    const matches = href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
    if (matches && (best === null || href.length > best.length)) best = href;
  }
  return best;
}
