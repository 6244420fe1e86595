import { NextIntlClientProvider } from "next-intl";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { riskLevels } from "@/lib/cases/schema";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { RiskBadge, riskTones } from "./risk-badge";

function render(ui: React.ReactNode, locale: "en" | "ru") {
  return renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} messages={locale === "en" ? en : ru} timeZone="UTC">
      {ui}
    </NextIntlClientProvider>,
  );
}

describe("RiskBadge", () => {
  it("gives each level its own tone, red only for critical", () => {
    expect(new Set(Object.values(riskTones)).size).toBe(riskLevels.length);
    expect(riskLevels.filter((l) => riskTones[l].includes("red"))).toEqual(["critical"]);
  });

  it("always shows the level's word, in both languages (never colour alone)", () => {
    for (const [locale, words] of [
      ["en", en.profile.riskLevels],
      ["ru", ru.profile.riskLevels],
    ] as const) {
      for (const level of riskLevels) {
        const html = render(<RiskBadge level={level} />, locale);
        expect(html).toContain(`>${words[level]}</span>`);
        expect(html).toContain(riskTones[level]);
      }
    }
    expect(render(<RiskBadge level="medium" withLabel />, "en")).toContain(">Risk: Medium</span>");
    expect(render(<RiskBadge level="critical" withLabel />, "ru")).toContain(">Риск: Критический</span>");
  });
});
