"use client";

import { Menu, MenuButton, MenuItem, MenuItems } from "@headlessui/react";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { lockVault } from "@/lib/account/vault";

export function UserMenu({ displayName, email }: { displayName: string; email: string }) {
  const t = useTranslations("userMenu");
  return (
    <Menu>
      <MenuButton className="flex items-center gap-1 rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100">
        <span className="max-w-40 truncate">{displayName}</span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 text-slate-500">
          <path fill="currentColor" d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
        </svg>
      </MenuButton>
      <MenuItems anchor="bottom end" className="z-20 mt-1 w-56 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg focus:outline-none">
        <div className="border-b border-slate-100 px-3 py-2 text-xs text-slate-500">{email}</div>
        <MenuItem>
          <Link href="/account" className="block px-3 py-1.5 text-slate-800 data-focus:bg-slate-100">
            {t("account")}
          </Link>
        </MenuItem>
        <MenuItem>
          <button type="button" onClick={lockVault} className="block w-full px-3 py-1.5 text-left text-slate-800 data-focus:bg-slate-100">
            {t("lock")}
          </button>
        </MenuItem>
        <MenuItem>
          <button
            type="button"
            onClick={() => {
              lockVault();
              void signOut({ callbackUrl: "/sign-in" });
            }}
            className="block w-full px-3 py-1.5 text-left text-slate-800 data-focus:bg-slate-100"
          >
            {t("signOut")}
          </button>
        </MenuItem>
      </MenuItems>
    </Menu>
  );
}
