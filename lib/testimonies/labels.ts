// Pure label helpers shared by the testimony read views (statement, diff).
// Field labels come from the "testimony" namespace (testimony.field.<flatKey>,
// testimony.item.<list>, testimony.sections.<name>, option labels); the
// wording around them from "testimonyView". A key missing from the catalogue
// falls back to the field's own name, so a label never shows as a raw key.
// Keys follow labelKey (lib/testimonies/diff.ts): a path without its indices,
// joined by "_"; an item's number is added by testimonyView.numbered.

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** A translator that also knows which keys exist (next-intl's t and t.has). */
export type Labels = { t: Translate; has: (key: string) => boolean };

const isIndex = (part: string) => /^\d+$/.test(part);

/** "reasonGiven" → "Reason given": the last resort when a label is missing. */
export function humanize(name: string): string {
  const words = name.replace(/_/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The message for `key`, or `fallback` when the catalogue does not have it. */
export function text(l: Labels, key: string, fallback: string, values?: Record<string, string | number>): string {
  return l.has(key) ? l.t(key, values) : fallback;
}

/**
 * A field's label from its path with or without indices:
 * "incidents.1.methods" → testimony.field.incidents_methods. Inside a list
 * item, the item's name in front is dropped, since the item is named already:
 * "Perpetrator: rank or position" → "Rank or position".
 */
export function fieldLabel(l: Labels, path: string): string {
  const parts = path.split(".").filter((p) => !isIndex(p));
  const flat = parts.join("_");
  const key = `testimony.field.${flat}`;
  if (!l.has(key)) {
    // A top-level text that is its own section (narrative, interviewer notes).
    if (parts.length === 1 && l.has(`testimony.sections.${flat}`)) return l.t(`testimony.sections.${flat}`);
    return humanize(parts.at(-1) ?? path);
  }
  const label = l.t(key);
  const itemKey = `testimony.item.${parts.slice(0, -1).join("_")}`;
  if (parts.length > 1 && l.has(itemKey)) {
    const item = l.t(itemKey);
    if (label.startsWith(`${item}:`)) {
      const rest = label.slice(item.length + 1).trim();
      if (rest) return rest.charAt(0).toLocaleUpperCase() + rest.slice(1);
    }
  }
  return label;
}

/** A list item's label with its 1-based number: "incidents.1" → testimony.item.incidents → "Incident 2". */
export function itemLabel(l: Labels, itemPath: string): string {
  const parts = itemPath.split(".");
  const n = Number(parts.at(-1)) + 1;
  const names = parts.filter((p) => !isIndex(p));
  const label = text(l, `testimony.item.${names.join("_")}`, humanize(names.at(-1) ?? itemPath));
  return text(l, "testimonyView.numbered", `${label} ${n}`, { label, n });
}

/** Object sections whose fields read better with the section's title in front ("Interview · Place"). */
const objectSections = new Set(["interview", "informant", "background", "effects"]);

/**
 * The readable parts of a diff path, outermost first:
 * "incidents.1.perpetrators.0.rank" → ["Incident 2", "Perpetrator 1", "Rank"],
 * "witnesses.2" → ["Witness 3"], "interview.place" → ["Interview", "Place"].
 */
export function describeChangePath(l: Labels, path: string): string[] {
  const parts = path.split(".");
  const out: string[] = [];
  const first = parts[0] ?? "";
  if (parts.length > 1 && objectSections.has(first)) out.push(text(l, `testimony.field.${first}`, humanize(first)));
  for (let i = 0; i < parts.length; i++) {
    const next = parts[i + 1];
    if (next !== undefined && isIndex(next)) {
      out.push(itemLabel(l, parts.slice(0, i + 2).join(".")));
      i++;
    } else if (i === parts.length - 1) {
      out.push(fieldLabel(l, parts.slice(0, i + 1).join(".")));
    }
    // Other object levels (interview.interpreter) are named by the field label itself.
  }
  return out;
}

/** Option lists whose stored values are shown through their labels. */
const optionLists: Record<string, string> = {
  informant_role: "testimony.informantRoles",
  consent_purpose: "testimony.consentPurposes",
  consent_status: "testimony.consentStatuses",
  consent_method: "testimony.consentMethods",
};

/** A stored value as shown: option values through their labels, everything else as is. */
export function displayValue(l: Labels, path: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "string" ? value : String(value);
  if (s === "") return "";
  const list = optionLists[path.split(".").filter((p) => !isIndex(p)).join("_")];
  return list ? text(l, `${list}.${s}`, s) : s;
}

/** Keys never shown as fields (internal identifiers). */
const hiddenKeys = new Set(["entryId"]);

/**
 * The non-empty leaves of a whole added or removed list item, with their paths
 * under `path`: { name: "Мать", role: "", details: "x" } at "witnesses.1" →
 * [{ path: "witnesses.1.name", value: "Мать" }, { path: "witnesses.1.details", value: "x" }].
 */
export function flattenItem(path: string, value: unknown): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  const visit = (p: string, v: unknown) => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) v.forEach((item, i) => visit(`${p}.${i}`, item));
    else if (typeof v === "object") {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) if (!hiddenKeys.has(k)) visit(`${p}.${k}`, child);
    } else {
      const s = String(v);
      if (s.trim() !== "") out.push({ path: p, value: s });
    }
  };
  visit(path, value);
  return out;
}
