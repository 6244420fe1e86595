import { describe, expect, it } from "vitest";
import { appUrl } from "./app-url";

describe("appUrl", () => {
  it("is the public URL when NEXTAUTH_URL is set, whatever PORT says", () => {
    expect(appUrl({ NEXTAUTH_URL: "https://cases.example.org", PORT: "4010" })).toBe("https://cases.example.org");
  });

  it("drops a trailing slash so a path can be appended", () => {
    expect(appUrl({ NEXTAUTH_URL: "https://cases.example.org/" })).toBe("https://cases.example.org");
  });

  it("is localhost on PORT when there is no public URL", () => {
    expect(appUrl({ PORT: "4010" })).toBe("http://localhost:4010");
  });

  it("is localhost:3000, npm start's default, when neither is set (or they are empty)", () => {
    expect(appUrl({})).toBe("http://localhost:3000");
    expect(appUrl({ NEXTAUTH_URL: "", PORT: "" })).toBe("http://localhost:3000");
  });
});
