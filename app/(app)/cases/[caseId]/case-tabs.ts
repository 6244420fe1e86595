// The case page's tabs, addressable: `/cases/<id>?tab=evidence` opens the
// Evidence tab. Pure, so the bell, the dashboard and the sub-pages build the
// same links the tab row reads.

export const caseTabs = ["profile", "testimonies", "evidence", "bundles", "deadlines", "team", "history"] as const;
export type CaseTab = (typeof caseTabs)[number];
export const defaultCaseTab: CaseTab = "profile";

export const isCaseTab = (value: unknown): value is CaseTab => typeof value === "string" && (caseTabs as readonly string[]).includes(value);

/** The tab named by a `?tab=` value; anything else (missing, unknown, repeated) is the default tab. */
export function parseCaseTab(value: string | readonly string[] | null | undefined): CaseTab {
  return isCaseTab(value) ? value : defaultCaseTab;
}

/** The element id of a deadline row on the Deadlines tab (the dashboard links to it as a hash). */
export const deadlineAnchor = (deadlineId: string) => `deadline-${deadlineId}`;

/** A link to a case on one tab (the default tab leaves the URL bare), optionally to one element on it. */
export function caseTabHref(caseId: string, tab: CaseTab, anchor?: string): string {
  const path = `/cases/${encodeURIComponent(caseId)}`;
  const query = tab === defaultCaseTab ? "" : `?tab=${tab}`;
  return `${path}${query}${anchor ? `#${anchor}` : ""}`;
}

/** The search string for `tab` on top of the current one (other parameters kept; the default tab removes `tab`). */
export function withCaseTab(search: string, tab: CaseTab): string {
  const params = new URLSearchParams(search);
  if (tab === defaultCaseTab) params.delete("tab");
  else params.set("tab", tab);
  const query = params.toString();
  return query ? `?${query}` : "";
}
