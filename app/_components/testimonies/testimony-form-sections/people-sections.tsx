"use client";

import { useTranslations } from "next-intl";
import { PersonList } from "./person-list";
import { Section, type SectionProps } from "./shared";

/** People who saw or heard what happened. */
export function WitnessesSection(props: SectionProps) {
  const t = useTranslations("testimony");
  return (
    <Section section="witnesses">
      <PersonList {...props} name="witnesses" roleHint={t("hint.witnessRole")} />
    </Section>
  );
}

/** Other people held or treated the same way. */
export function OthersAffectedSection(props: SectionProps) {
  return (
    <Section section="othersAffected">
      <PersonList {...props} name="othersAffected" />
    </Section>
  );
}
