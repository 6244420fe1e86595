"use client";

import { Select } from "@headlessui/react";
import { useTranslations } from "next-intl";
import { useMemo, type Ref, type SelectHTMLAttributes } from "react";
import { controlClass, FieldFrame } from "../form/field-frame";
import { knownZones } from "./viewer-zone";
import { zoneGroups } from "./zone-options";

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "className"> & {
  label: string;
  hint?: string;
  error?: string;
  /** The value the form starts with (the stored zone, or the viewer's): always offered. */
  current: string;
  ref?: Ref<HTMLSelectElement>;
};

/**
 * The venue's time zone: a native select of every IANA zone this browser
 * knows, grouped by region and labelled with the offset today. Native, so
 * the keyboard, type-ahead and a phone's own picker work as people expect.
 */
export function TimeZoneField({ label, hint, error, current, ref, ...select }: Props) {
  const t = useTranslations("deadlines");
  const groups = useMemo(() => zoneGroups(knownZones(), current, new Date(), t("zoneOther")), [current, t]);
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      <Select ref={ref} {...select} invalid={Boolean(error)} className={controlClass}>
        {groups.map((g) => (
          <optgroup key={g.region} label={g.region}>
            {g.zones.map((z) => (
              <option key={z.value} value={z.value}>
                {z.label}
              </option>
            ))}
          </optgroup>
        ))}
      </Select>
    </FieldFrame>
  );
}
