import { NextIntlClientProvider } from "next-intl";
import { renderToStaticMarkup } from "react-dom/server";
import { useForm } from "react-hook-form";
import { describe, expect, it } from "vitest";
import { labelKey } from "@/lib/testimonies/diff";
import { emptyTestimony, type Testimony } from "@/lib/testimonies/schema";
import { entry, sampleTestimony } from "@/lib/testimonies/test-fixtures";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { TestimonyForm } from "./testimony-form";
import { ConsentSection } from "./testimony-form-sections/consent-section";
import { plainCopy } from "./testimony-form-sections/plain-copy";
import { filledSections, sectionAnchor, sectionsWithErrors, testimonySections } from "./testimony-form-sections/sections";

// The vitest environment is node (no DOM): the form is rendered to HTML on the
// server, which checks that every section renders and every message exists in
// both catalogues. Interaction is left to the e2e suite.

function render(ui: React.ReactNode, locale: "en" | "ru" = "en") {
  const missing: string[] = [];
  const html = renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} messages={locale === "en" ? en : ru} timeZone="UTC" onError={(e) => missing.push(e.message)}>
      {ui}
    </NextIntlClientProvider>,
  );
  return { html, missing };
}

const noop = () => {};

function full(): Testimony {
  const t = sampleTestimony();
  return {
    ...t,
    othersAffected: [{ name: "Сокамерник", role: "", details: "" }],
    consent: [...t.consent, entry("third_party_sharing", "given", "2024-04-01", { recipients: [{ name: "UN CAT" }] })],
  };
}

describe("TestimonyForm", () => {
  it.each(["en", "ru"] as const)("renders every section with all messages present (%s)", (locale) => {
    const { html, missing } = render(<TestimonyForm initial={full()} submitLabel="Save" busy={false} onSubmit={noop} draftStatus="Draft saved 12:03" />, locale);
    expect(missing).toEqual([]);
    for (const section of testimonySections) {
      expect(html.match(new RegExp(`id="${sectionAnchor(section)}"`, "g"))).toHaveLength(1);
      expect(html).toContain(`href="#${sectionAnchor(section)}"`);
    }
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain("Draft saved 12:03");
  });

  it("counts filled sections and names list buttons specifically", () => {
    const { html } = render(<TestimonyForm initial={full()} submitLabel="Save" busy={false} onSubmit={noop} />);
    // effects and interviewer notes are empty in the sample
    expect(html).toContain("10 of 12 sections filled");
    expect(html).toContain('aria-label="Remove witness 2"');
    expect(html).toContain('aria-label="Remove perpetrator 1 of incident 1"');
    expect(html).toContain('aria-label="Add perpetrator to incident 1"');
    expect(html).toContain('rows="16"');
  });

  it("shows consent entries from `initial` read-only, with the summary", () => {
    const { html } = render(<TestimonyForm initial={full()} submitLabel="Save" busy={false} onSubmit={noop} />);
    expect(html.match(/Recorded earlier; cannot be changed\./g)).toHaveLength(3);
    expect(html).not.toContain('name="consent.0.status"');
    expect(html).not.toContain('aria-label="Remove consent entry 1"');
    expect(html).toContain("UN CAT: Given");
    expect(html).toContain("Current consent");
  });

  it("keeps a restored draft's new consent entries editable when the saved log is given", () => {
    const draft = full();
    const { html } = render(<TestimonyForm initial={draft} savedConsent={draft.consent.slice(0, 2)} submitLabel="Save" busy={false} onSubmit={noop} />);
    expect(html.match(/Recorded earlier; cannot be changed\./g)).toHaveLength(2);
    expect(html).toContain('name="consent.2.recipients.0.name"');
    expect(html).toContain('aria-label="Remove consent entry 3"');
  });

  it("renders an empty testimony", () => {
    const { html, missing } = render(<TestimonyForm initial={emptyTestimony} submitLabel="Save" busy={false} onSubmit={noop} onCancel={noop} />);
    expect(missing).toEqual([]);
    expect(html).toContain("0 of 12 sections filled");
    expect(html).toContain("No consent recorded yet.");
  });
});

describe("ConsentSection with new entries", () => {
  function Harness({ consent }: { consent: Testimony["consent"] }) {
    const form = useForm<Testimony>({ defaultValues: { ...emptyTestimony, consent } });
    return <ConsentSection form={form} fieldError={(path) => (path === "consent.1.recipients" ? "Name whom" : undefined)} savedEntryIds={new Set()} />;
  }

  it.each(["en", "ru"] as const)("edits new entries; recipients only for sharing (%s)", (locale) => {
    const consent = [entry("documentation", "given"), entry("third_party_sharing", "given", "2024-04-01", { recipients: [{ name: "Lawyer" }] })];
    const { html, missing } = render(<Harness consent={consent} />, locale);
    expect(missing).toEqual([]);
    expect(html).toContain('name="consent.0.purpose"');
    expect(html).toContain('name="consent.1.recipients.0.name"');
    expect(html).not.toContain('name="consent.0.recipients');
    expect(html).toContain("Name whom");
  });
});

describe("sections", () => {
  it("filledSections ignores the informant's default role and blank rows", () => {
    expect(filledSections(emptyTestimony).some(Boolean)).toBe(false);
    const v = { ...emptyTestimony, witnesses: [{ name: " ", role: "", details: "" }], medicalCare: "x", consent: [entry("documentation", "not_asked")] };
    const filled = filledSections(v);
    expect(testimonySections.filter((_, i) => filled[i])).toEqual(["effects", "consent"]);
  });

  it("sectionsWithErrors maps error keys to sections, in form order", () => {
    expect(sectionsWithErrors(["narrative", "medicalCare", "interview"])).toEqual(["interview", "effects", "narrative"]);
  });

  it("plainCopy copies structure, not strings", () => {
    const v = full();
    const c = plainCopy(v);
    expect(c).toEqual(v);
    expect(c.incidents).not.toBe(v.incidents);
    expect(c.incidents[0]).not.toBe(v.incidents[0]);
  });
});

describe("labels for the diff view", () => {
  /** Every leaf path and list-item path of a record, as testimonyDiff reports them. */
  function paths(value: unknown, path = ""): string[] {
    if (Array.isArray(value)) return value.flatMap((item, i) => [`${path}.${i}`, ...paths(item, `${path}.${i}`)]);
    if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => paths(v, path ? `${path}.${k}` : k));
    return [path];
  }

  it("has testimony.field.* and testimony.item.* for every path of a full record, in both languages", () => {
    const keys = new Set(paths(full()).map(labelKey));
    expect(keys).toContain("testimony.field.incidents_perpetrators_rank");
    expect(keys).toContain("testimony.item.consent_recipients");
    const has = (catalogue: object, key: string) =>
      key.split(".").reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], catalogue) !== undefined;
    for (const key of keys) {
      expect(has(en, key), `${key} (en)`).toBe(true);
      expect(has(ru, key), `${key} (ru)`).toBe(true);
    }
  });
});
