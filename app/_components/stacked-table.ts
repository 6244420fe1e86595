// Tables that become cards on a phone (issue 14 point 1): below Tailwind's
// `sm` (640 px) the table, its body and each row lay out as blocks, a row's
// cells stacked one under the other, so nothing makes the page scroll
// sideways; the header row stays for screen readers only. Checked at 390 px
// by e2e/accessibility.spec.ts (no page wider than the screen).
export const stackedTable = {
  table: "max-sm:block",
  head: "max-sm:sr-only",
  body: "max-sm:block",
  row: "max-sm:block max-sm:py-2 [&>td]:max-sm:block [&>td]:max-sm:py-0.5",
  /** A cell of row actions: right-aligned in the table, at the start of the card. */
  actions: "max-sm:text-left [&>div]:max-sm:justify-start",
} as const;
