import { describe, expect, it } from "vitest";
import { clip, cssString, printStyles } from "./print-css";

describe("cssString", () => {
  it("quotes plain text, keeping Unicode as is", () => {
    expect(cssString("CV-2024-0042 · v3")).toBe('"CV-2024-0042 · v3"');
    expect(cssString("Иван Петров")).toBe('"Иван Петров"');
    expect(cssString("")).toBe('""');
  });

  it("escapes backslashes and quotes", () => {
    expect(cssString('a "b" c')).toBe('"a \\"b\\" c"');
    expect(cssString("O'Brien")).toBe('"O\\\'Brien"');
    expect(cssString("C:\\path\\")).toBe('"C:\\\\path\\\\"');
  });

  it("escapes line breaks and control characters as hex escapes", () => {
    expect(cssString("one\ntwo")).toBe('"one\\a two"');
    expect(cssString("one\r\ntwo")).toBe('"one\\d \\a two"');
    expect(cssString("tab\there")).toBe('"tab\\9 here"');
    expect(cssString("a\u2028b")).toBe('"a\\2028 b"');
    expect(cssString("a\u0000b")).toBe('"a\uFFFDb"');
  });

  it("cannot close the string, the rule or the <style> element", () => {
    const hostile = '"; } body { display: none } </style><script>alert(1)</script> \\';
    const css = cssString(hostile);
    expect(css).not.toMatch(/<|>/);
    // The only unescaped quotes are the delimiters.
    const inner = css.slice(1, -1);
    expect(inner.replace(/\\./g, "")).not.toMatch(/["'\\\n]/);
    expect(css.startsWith('"') && css.endsWith('"')).toBe(true);
  });

  it("round-trips through a CSS string tokenizer", () => {
    const samples = ['a "b" \\ c\nd', "Ünïcödé — «ёлка» 🙂", "<>&'\"\t\r\n\f", "x\\\\y"];
    for (const s of samples) expect(unescapeCss(cssString(s))).toBe(s);
  });
});

describe("clip", () => {
  it("collapses whitespace and cuts long text with an ellipsis", () => {
    expect(clip("  a \n b  ", 10)).toBe("a b");
    expect(clip("abcdefghij", 5)).toBe("abcd…");
    expect(clip("abcde", 5)).toBe("abcde");
    expect(clip("🙂🙂🙂🙂", 3)).toBe("🙂🙂…");
  });
});

describe("printStyles", () => {
  it("puts the escaped boxes, A4 and page numbers in the sheet", () => {
    const css = printStyles({ topLeft: 'CV-1 · v2 "x"', bottomLeft: "Anna · signature ab12" }, "cv-print-root");
    expect(css).toContain("size: A4;");
    expect(css).toContain("margin: 20mm 18mm;");
    expect(css).toContain('@top-left { content: "CV-1 · v2 \\"x\\""');
    expect(css).toContain('@bottom-left { content: "Anna · signature ab12"');
    expect(css).toContain('content: counter(page) " / " counter(pages)');
    expect(css).toContain(".cv-print-root");
  });
});

/** The value of a CSS string token (CSS Syntax §4.3.5 / §4.3.7), for the round-trip test. */
function unescapeCss(token: string): string {
  const quote = token[0];
  expect(quote === '"' && token.at(-1) === '"').toBe(true);
  const body = token.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) throw new Error("unescaped quote");
    if (c === "\n" || c === "\r" || c === "\f") throw new Error("bad string: raw newline");
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = body[++i]!;
    const hex = /^[0-9a-fA-F]{1,6}/.exec(body.slice(i))?.[0];
    if (hex) {
      out += String.fromCodePoint(parseInt(hex, 16));
      i += hex.length - 1;
      if (body[i + 1] === " ") i++;
    } else out += next;
  }
  return out;
}
