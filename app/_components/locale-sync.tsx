"use client";

import { useLocale } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

// The root layout (<html lang>, the client's catalogue) is not rendered again
// on a navigation, so the first page after sign-in would keep the sign-in
// page's language. When the server picks another one for this member (their
// organisation's default language: lib/i18n/request.ts), one refresh brings
// the whole page to it. A soft refresh: the keys in memory stay. Once per
// language the server names: should the page still disagree after it, it
// stays as it is rather than refreshing again and again.
export function LocaleSync({ locale }: { locale: string }) {
  const current = useLocale();
  const router = useRouter();
  const refreshedFor = useRef<string | null>(null);
  useEffect(() => {
    if (current === locale || refreshedFor.current === locale) return;
    refreshedFor.current = locale;
    router.refresh();
  }, [current, locale, router]);
  return null;
}
