"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { CaseDetail } from "@/lib/cases/schema";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { useOpenedCase, type OpenedCase } from "../use-opened-case";
import { useTestimonies, type CaseTestimonies } from "../use-testimonies";

/**
 * Opens the case's keys and reads its testimonies (the editor's and the
 * reader's common start); until both are there, or when either failed, it
 * shows the line that says so instead of `children`.
 */
export function WithOpenedTestimonies({ detail, children }: { detail: CaseDetail; children: (opened: OpenedCase, data: CaseTestimonies) => ReactNode }) {
  const t = useTranslations("testimonyEditor");
  const tv = useTranslations("caseView");
  const result = useOpenedCase(detail);
  const opened = result === "failed" ? null : result;
  const data = useTestimonies(detail.id, opened?.keyring ?? null, opened?.signers ?? []);
  if (result === "failed") return <FormAlert>{tv("keybookUnavailable")}</FormAlert>;
  if (!opened || data === null) return <ProgressNote>{t("opening")}</ProgressNote>;
  if (data === "failed") return <FormAlert>{t("failed")}</FormAlert>;
  return children(opened, data);
}
