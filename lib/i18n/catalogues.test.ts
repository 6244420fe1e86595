import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { localeFromAcceptLanguage } from "./config";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("message catalogues", () => {
  it("English and Russian have exactly the same keys", () => {
    expect(keys(ru).sort()).toEqual(keys(en).sort());
  });

  it("has no empty strings", () => {
    const empty = (cat: object) =>
      keys(cat).filter((k) => k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], cat) === "");
    expect(empty(en)).toEqual([]);
    expect(empty(ru)).toEqual([]);
  });
});

describe("localeFromAcceptLanguage", () => {
  it("picks the first supported language", () => {
    expect(localeFromAcceptLanguage("de-DE,ru;q=0.8,en;q=0.5")).toBe("ru");
    expect(localeFromAcceptLanguage("en-GB")).toBe("en");
    expect(localeFromAcceptLanguage("fr")).toBeUndefined();
    expect(localeFromAcceptLanguage(null)).toBeUndefined();
  });
});
