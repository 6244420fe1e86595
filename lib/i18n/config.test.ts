import { describe, expect, it } from "vitest";
import { pickLocale } from "./config";

describe("pickLocale", () => {
  it("the person's own choice wins over the organisation's default and the browser", () => {
    expect(pickLocale({ chosen: "en", organisation: "ru", acceptLanguage: "ru-RU,ru;q=0.9" })).toBe("en");
    expect(pickLocale({ chosen: "ru", organisation: "en", acceptLanguage: "en-GB" })).toBe("ru");
  });

  it("a member who chose no language reads the organisation's default, whatever the browser says", () => {
    expect(pickLocale({ chosen: undefined, organisation: "ru", acceptLanguage: "en-US,en;q=0.9" })).toBe("ru");
    expect(pickLocale({ chosen: "de", organisation: "ru", acceptLanguage: "en" })).toBe("ru"); // an unknown cookie is no choice
  });

  it("with no organisation default (the setting's default, or signed out) the browser's language, else English, as before", () => {
    expect(pickLocale({ chosen: undefined, organisation: undefined, acceptLanguage: "ru,en;q=0.5" })).toBe("ru");
    expect(pickLocale({ chosen: undefined, organisation: undefined, acceptLanguage: "de-DE,fr" })).toBe("en");
    expect(pickLocale({ chosen: undefined, organisation: "fr", acceptLanguage: null })).toBe("en");
  });
});
