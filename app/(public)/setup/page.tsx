import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { hasAnyUser } from "@/lib/account/actions";
import { CardPage } from "@/app/_components/card-page";
import { SetupForm } from "./setup-form";

// First run only: once the organisation has a user, this page does not exist.
export default async function SetupPage() {
  if (await hasAnyUser()) notFound();
  const t = await getTranslations("setup");
  return (
    <CardPage title={t("title")} lead={t("lead")} width="xl">
      <SetupForm />
    </CardPage>
  );
}
