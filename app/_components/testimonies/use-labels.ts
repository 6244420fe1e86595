"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import type { Labels } from "@/lib/testimonies/labels";

/** next-intl's root translator as the pure helpers' Labels (t and t.has). */
export function useLabels(): Labels {
  const t = useTranslations();
  return useMemo(() => ({ t: (key, values) => t(key, values), has: (key) => t.has(key) }), [t]);
}
