/**
 * The venue time-zone picker's options: IANA names grouped by region
 * ("Asia", "Europe"…), each labelled with its UTC offset at `at`, e.g.
 * "Asia/Yerevan (UTC+04:00)". The stored value stays the IANA name.
 */

export type ZoneOption = { value: string; label: string };
export type ZoneGroup = { region: string; zones: ZoneOption[] };

/** "UTC+04:00", "UTC-03:30", "UTC+00:00": the zone's offset at `at` (it changes with summer time). */
export function zoneOffset(zone: string, at: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const offset = part.replace(/^GMT/, "").replace("\u2212", "-");
  return `UTC${offset === "" ? "+00:00" : offset}`;
}

/** "America/Argentina/Buenos Aires (UTC-03:00)": underscores read as spaces. */
export function zoneLabel(zone: string, at: Date): string {
  return `${zone.replaceAll("_", " ")} (${zoneOffset(zone, at)})`;
}

/**
 * `zones` grouped by their first segment, groups and zones in alphabetical
 * order; zones with no region ("UTC") go in a last group named `otherLabel`.
 * `current` is always offered, even when this browser's list lacks it (an
 * alias such as "Europe/Kiev" kept in a stored deadline, or "UTC", which
 * Chromium does not list), so editing never silently changes the zone.
 */
export function zoneGroups(zones: readonly string[], current: string, at: Date, otherLabel: string): ZoneGroup[] {
  const all = [...new Set(current && !zones.includes(current) ? [...zones, current] : zones)].sort();
  const groups = new Map<string, ZoneOption[]>();
  for (const zone of all) {
    const slash = zone.indexOf("/");
    const region = slash > 0 ? zone.slice(0, slash) : "";
    let label: string;
    try {
      label = zoneLabel(zone, at);
    } catch {
      label = zone; // a stored name this browser cannot resolve: shown as is (the form's check reports it)
    }
    groups.set(region, [...(groups.get(region) ?? []), { value: zone, label }]);
  }
  const named = [...groups.entries()].filter(([region]) => region !== "").map(([region, options]) => ({ region, zones: options }));
  const other = groups.get("");
  return other ? [...named, { region: otherLabel, zones: other }] : named;
}
