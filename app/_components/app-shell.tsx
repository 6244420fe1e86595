import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { OrgRole } from "@/lib/auth/roles";
import { LanguageSwitch } from "./language-switch";
import { MainNav } from "./main-nav";
import { navFor } from "./nav-items";
import { NotificationBell } from "./notifications/notification-bell";
import { RouteFocus } from "./route-focus";
import { QuickExitButton } from "./session/quick-exit-button";
import { UserMenu } from "./session/user-menu";

export async function AppShell({
  role,
  user,
  children,
}: {
  role: OrgRole | null;
  user?: { displayName: string; email: string };
  children: React.ReactNode;
}) {
  const t = await getTranslations();
  const items = navFor(role);
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        {t("shell.skipToContent")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        {/* On a phone: logo and Quick exit on the first row (Quick exit never leaves the screen), the rest wraps below. DOM order is the keyboard order. */}
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2 md:h-12 md:flex-nowrap md:py-0">
          <Link href="/" className="order-1 flex items-center gap-2 text-sm font-semibold tracking-tight text-slate-900">
            <LogoMark />
            <span>Casevault</span>
            <span className="hidden font-normal text-slate-500 lg:inline">· {t("shell.tagline")}</span>
          </Link>
          {items.length > 0 && (
            <MainNav
              label={t("shell.mainNavigation")}
              links={items.map((item) => ({ href: item.href, text: t(`nav.${item.label}`) }))}
              className="order-3 flex items-center gap-1 text-sm md:order-2"
            />
          )}
          <div className="order-4 ml-auto flex flex-wrap items-center gap-3 md:order-3">
            <LanguageSwitch />
            {user && <NotificationBell />}
            {user && <UserMenu displayName={user.displayName} email={user.email} />}
          </div>
          <div className="order-2 ml-auto md:order-4 md:ml-0">
            <QuickExitButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 focus:outline-none">
        {children}
      </main>
      <RouteFocus mainId="main" />
      <footer className="border-t border-slate-200 bg-white">
        <p className="mx-auto max-w-7xl px-4 py-3 text-xs text-slate-500">{t("shell.footer")}</p>
      </footer>
    </div>
  );
}

function LogoMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 text-accent-700">
      <path fill="currentColor" d="M10 1.5 3 4.5v5c0 4.2 3 7.7 7 9 4-1.3 7-4.8 7-9v-5l-7-3Zm0 2.2 5 2.1v3.7c0 3.1-2.1 5.8-5 6.9-2.9-1.1-5-3.8-5-6.9V5.8l5-2.1Z" />
      <rect x="7.5" y="8" width="5" height="4.5" rx="0.8" fill="currentColor" />
    </svg>
  );
}
