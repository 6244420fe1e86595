import Form from "next/form";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/app/_components/form/button";
import { SelectField } from "@/app/_components/form/select-field";
import { TextField } from "@/app/_components/form/text-field";
import { auditKinds } from "@/lib/audit/describe";
import { type AuditFilter, auditFilterQuery } from "@/lib/audit/filter";

// The filter as a GET form: submitting navigates to /admin/audit?actor=&kind=…
// (next/form: in the app, without a full reload), so a filtered view is a
// link, and a GET never changes anything. A new filter starts at page 1.
export async function AuditFilters({ filter, people }: { filter: AuditFilter; people: { id: string; displayName: string }[] }) {
  const t = await getTranslations("auditPage");
  return (
    <section aria-labelledby="audit-filters-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="audit-filters-title" className="text-sm font-semibold text-slate-900">
        {t("filtersTitle")}
      </h2>
      {/* Keyed by the filter: after "Clear filters" or Back the fields show the filter in the URL, not what was typed before. */}
      <Form key={auditFilterQuery(filter, 1)} action="/admin/audit" className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))]" data-testid="audit-filters">
        <SelectField
          label={t("filterActor")}
          name="actor"
          defaultValue={filter.actorId ?? ""}
          options={[{ value: "", label: t("filterActorAll") }, ...people.map((p) => ({ value: p.id, label: p.displayName }))]}
        />
        <SelectField
          label={t("filterKind")}
          name="kind"
          defaultValue={filter.kind ?? ""}
          options={[{ value: "", label: t("kind.all") }, ...auditKinds.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))]}
        />
        <TextField label={t("filterCase")} hint={t("filterCaseHint")} name="case" defaultValue={filter.caseReference ?? ""} autoComplete="off" spellCheck={false} maxLength={40} />
        <TextField label={t("filterFrom")} name="from" type="date" defaultValue={filter.from ?? ""} />
        <TextField label={t("filterTo")} name="to" type="date" defaultValue={filter.to ?? ""} />
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-5">
          <Button type="submit">{t("apply")}</Button>
          <Link href="/admin/audit" className="text-sm font-medium text-accent-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-accent-600">
            {t("clear")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
