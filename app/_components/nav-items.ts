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
