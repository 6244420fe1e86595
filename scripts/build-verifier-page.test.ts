/**
 * public/verify.html is one self-contained file: no external script, style,
 * image or link; its CSP (a meta tag: a file:// page has no headers) allows
 * exactly its inline script and style, by hash, and no network at all; and
 * the browser build has no Node built-in left in it.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { renderVerifierPage } from "./build-verifier-page.mjs";

let html: string;

const hashOf = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
const only = (pattern: RegExp) => {
  const found = [...html.matchAll(pattern)];
  expect(found).toHaveLength(1);
  return found[0]![1]!;
};

beforeAll(async () => {
  html = await renderVerifierPage();
}, 60_000);

describe("verify.html", () => {
  it("carries a CSP that allows its own inline script and style by hash, and nothing else", () => {
    const csp = only(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/g);
    const script = only(/<script>([\s\S]*?)<\/script>/g);
    const style = only(/<style>([\s\S]*?)<\/style>/g);
    const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives).toEqual({
      "default-src": ["'none'"],
      "script-src": [hashOf(script)],
      "style-src": [hashOf(style)],
      "connect-src": ["'none'"],
      "img-src": ["'none'"],
      "base-uri": ["'none'"],
      "form-action": ["'none'"],
    });
    // The policy must come before anything it governs.
    expect(html.indexOf("Content-Security-Policy")).toBeLessThan(html.indexOf("<style>"));
  });

  it("loads nothing from outside and has no Node built-in in its script", () => {
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/node:(fs|crypto|zlib)|require\(/);
    expect(html).toContain('<meta name="casevault-verifier"');
    expect(html).toContain('<input type="file" id="bundle"');
  });

  it("is the same bytes every time it is built", async () => {
    expect(await renderVerifierPage()).toBe(html);
  }, 60_000);
});
