// The languages Casevault speaks. Every user-visible string lives in
// messages/<locale>.json; a key missing from one catalogue fails a unit test.

export const locales = ["en", "ru"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";
export const localeCookie = "casevault-locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Picks the first supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase().split("-")[0];
    if (isLocale(tag)) return tag;
  }
  return undefined;
}

/**
 * The language of a page: the person's own choice (the language switch's
 * cookie), else their organisation's default language, else the browser's,
 * else English. Unknown values at any step are passed over.
 */
export function pickLocale(input: { chosen: unknown; organisation?: unknown; acceptLanguage: string | null }): Locale {
  if (isLocale(input.chosen)) return input.chosen;
  if (isLocale(input.organisation)) return input.organisation;
  return localeFromAcceptLanguage(input.acceptLanguage) ?? defaultLocale;
}
