import { NextIntlClientProvider } from "next-intl";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { orgSettingsDefaults } from "@/lib/org/schema";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { SettingsForm } from "./settings-form";

// The action is a server function; the form is only rendered here (no DOM:
// react-hook-form fills the values in the browser). Values, saving and its
// messages are exercised in e2e/org-settings.spec.ts.
vi.mock("./actions", () => ({ saveSettingsAction: vi.fn() }));

function render(locale: "en" | "ru") {
  const missing: string[] = [];
  const html = renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} messages={locale === "en" ? en : ru} timeZone="UTC" onError={(e) => missing.push(e.message)}>
      <SettingsForm initial={orgSettingsDefaults} />
    </NextIntlClientProvider>,
  );
  return { html, missing };
}

describe("SettingsForm", () => {
  it.each(["en", "ru"] as const)("groups every setting under a legend, each labelled, with every message present (%s)", (locale) => {
    const { html, missing } = render(locale);
    expect(missing).toEqual([]);
    expect(html.match(/<fieldset/g)).toHaveLength(3);
    expect(html.match(/<legend/g)).toHaveLength(3);
    expect(html.match(/<label/g)?.length).toBeGreaterThanOrEqual(5);
    for (const name of ["autoLockMinutes", "sessionHours", "reminderDays", "reminderMail", "defaultLanguage"]) expect(html).toContain(`name="${name}"`);
    // The mail switch's help is tied to it for screen readers.
    const hint = /type="checkbox"[^>]*aria-describedby="([^"]+)"/.exec(html)?.[1];
    expect(hint && html.includes(`id="${hint}"`)).toBe(true);
  });
});
