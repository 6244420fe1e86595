/** The two widths every page is checked at (issue 14): a desktop and a phone, [width, height] in CSS px. */
export const widths = [
  [1366, 900],
  [390, 844],
] as const;
