"use client";

import { Field, Label, Listbox, ListboxButton, ListboxOption, ListboxOptions } from "@headlessui/react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { isLocale, localeCookie, locales, type Locale } from "@/lib/i18n/config";

// The choice lives in a cookie (not the URL), so links and history never
// reveal which language a user reads.
export function LanguageSwitch() {
  const t = useTranslations("language");
  const current = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(locale: Locale) {
    document.cookie = `${localeCookie}=${locale}; path=/; max-age=31536000; samesite=lax`;
    startTransition(() => router.refresh());
  }

  const value: Locale = isLocale(current) ? current : "en";
  return (
    <Field className="flex items-center gap-2 text-sm">
      <Label className="sr-only text-slate-500 md:not-sr-only">{t("label")}</Label>
      <Listbox value={value} onChange={choose} disabled={pending}>
        <ListboxButton className="flex min-w-24 items-center justify-between gap-2 rounded border border-slate-300 bg-white px-2 py-1 text-slate-800 hover:border-slate-400">
          {t(value)}
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 text-slate-500">
            <path fill="currentColor" d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
          </svg>
        </ListboxButton>
        <ListboxOptions
          anchor="bottom end"
          className="z-20 mt-1 w-32 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg focus:outline-none"
        >
          {locales.map((locale) => (
            <ListboxOption
              key={locale}
              value={locale}
              lang={locale}
              className="cursor-default px-3 py-1.5 text-slate-800 data-focus:bg-accent-50 data-selected:font-semibold"
            >
              {t(locale)}
            </ListboxOption>
          ))}
        </ListboxOptions>
      </Listbox>
    </Field>
  );
}
