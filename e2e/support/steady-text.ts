import type { Page } from "@playwright/test";

// The demo organisation is seeded afresh for every run, dated from today and
// under a random case reference. Painting a date over (`mask`) is not enough
// for a screenshot to be steady: "25 сент. 2026 г." is wider than
// "4 дек. 2026 г." and wraps on a phone where the other does not, moving
// everything below it. So before a screenshot each date, day count and case
// reference in the page's text is replaced by a fixed one of the same form,
// as next-intl prints them in English and Russian; the layout around them is
// then the same on any day.

/** [pattern, replacement]: the longer forms (date and time) before the shorter (date). */
const steadyForms: readonly (readonly [string, string])[] = [
  [String.raw`\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M\b`, "Sep 28, 2026, 10:30 AM"],
  [String.raw`\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{1,2}, \d{4}\b`, "Sep 28, 2026"],
  [String.raw`\d{1,2} [а-я]{3,5}\.? \d{4} г\., \d{2}:\d{2}`, "28 сент. 2026 г., 10:30"],
  [String.raw`\d{1,2} [а-я]{3,5}\.? \d{4} г\.`, "28 сент. 2026 г."],
  [String.raw`\b\d+ days? (left|overdue)\b`, "12 days $1"],
  [String.raw`(осталось|остался|просрочен на) \d+ (день|дня|дней)`, "$1 12 дней"],
  [String.raw`\bCV-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b`, "CV-7Q3K-9XPA"],
];

/**
 * Replaces, in every text node of the page as it stands, what depends on the
 * day or on chance by a fixed text. Returns how many it found (fixed ones
 * included, so a second call finds as many): none on a page that shows a date
 * or a case reference means a form above no longer matches what the app prints.
 */
export function steadyText(page: Page): Promise<number> {
  return page.evaluate((forms) => {
    let found = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const before = node.nodeValue ?? "";
      const after = forms.reduce(
        (text, [pattern, fixed]) =>
          text.replace(new RegExp(pattern, "g"), (...match) => {
            found++;
            return fixed.replace("$1", String(match[1]));
          }),
        before,
      );
      if (after !== before) node.nodeValue = after;
    }
    return found;
  }, steadyForms);
}
