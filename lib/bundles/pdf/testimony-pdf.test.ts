/**
 * The readable PDF of a testimony exhibit as a court reads it (pdftotext):
 * the print view's sections and labels in the bundle's language, every field
 * that has a value and none that has not, the header (reference, exhibit,
 * title, version, signer, fingerprint, localised signing time), the margin
 * line on every page, and the closing line naming the signed JSON and its
 * grouped hash; transliterated with a note without a Unicode font.
 */
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { emptyTestimony, type Testimony } from "@/lib/testimonies/schema";
import { buildTestimonyPdf, type TestimonyPdfInput } from "./testimony-pdf";
import { FINGERPRINT_A, ISO_INSTANT, TESTIMONY_HASH, TESTIMONY_HASH_LINES, dejavu, lawyer, noFont, readPdf } from "./test-support";

const uuid = (n: number) => `6d3f0c1e-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** A statement with only some fields filled: what is empty must not show. */
const sparse: Testimony = {
  ...emptyTestimony,
  interview: { ...emptyTestimony.interview, date: "2026-03", place: "Вильнюс", interviewer: "Анна Петрова", present: [{ name: "Мария", role: "психолог", details: "" }] },
  informant: { role: "person_at_risk", name: "Иван Иванов", relation: "" },
  incidents: [
    {
      dateFrom: "2025-11-03",
      dateTo: "",
      time: "ночью",
      location: "ИВС № 1",
      perpetrators: [{ name: "Сергей", rank: "майор", unit: "", uniform: "", description: "" }],
      vehicles: "",
      weapons: "",
      methods: "удары по спине",
      questions: "",
      coerced: "",
      description: "Меня били в камере.",
    },
  ],
  witnesses: [{ name: "Пётр", role: "сокамерник", details: "видел синяки" }],
  narrative: "Меня задержали на границе.\n\nПотом отвезли в изолятор.",
  consent: [
    { entryId: uuid(1), purpose: "legal_proceedings", status: "given", date: "2026-03-01", method: "written", witnessedBy: "", recipients: [], notes: "" },
  ],
};

/**
 * Every text field of the record filled with its own token ("Q01", "Q02"…),
 * every list with one item: each token must reach the PDF, so a field the
 * schema has and the layout drops fails here.
 */
function filled(): { testimony: Testimony; tokens: string[] } {
  const tokens: string[] = [];
  const q = () => {
    const token = `Q${String(tokens.length + 1).padStart(2, "0")}`;
    tokens.push(token);
    return token;
  };
  const person = () => ({ name: q(), role: q(), details: q() });
  const testimony: Testimony = {
    interview: { date: "2026-03-02", time: q(), place: q(), interviewer: q(), interpreter: { name: q(), languageFrom: q(), languageTo: q() }, present: [person()], language: q() },
    informant: { role: "witness", name: q(), relation: q() },
    background: { circumstances: q(), date: "2025-11", time: q(), place: q(), reasonGiven: q(), force: q(), restraints: q() },
    detention: [{ place: q(), from: "2025-11-02", to: "2025-12", duration: q(), conditions: q(), routine: q() }],
    incidents: [
      {
        dateFrom: "2025-11-03",
        dateTo: "2025-11-04",
        time: q(),
        location: q(),
        perpetrators: [{ name: q(), rank: q(), unit: q(), uniform: q(), description: q() }],
        vehicles: q(),
        weapons: q(),
        methods: q(),
        questions: q(),
        coerced: q(),
        description: q(),
      },
    ],
    effects: { physicalImmediate: q(), physicalLasting: q(), psychologicalImmediate: q(), psychologicalLasting: q() },
    medicalCare: q(),
    witnesses: [person()],
    othersAffected: [person()],
    interviewerNotes: q(),
    narrative: q(),
    evidence: [{ evidenceId: uuid(9), note: q() }],
    consent: [
      { entryId: uuid(2), purpose: "third_party_sharing", status: "given", date: "2026-03-02", method: "oral", witnessedBy: q(), recipients: [{ name: q() }], notes: q() },
    ],
  };
  return { testimony, tokens };
}

function input(overrides: Partial<TestimonyPdfInput> = {}): TestimonyPdfInput {
  return {
    locale: "ru",
    timeZone: "Europe/Moscow",
    reference: "CV-2026-0042",
    exhibitNumber: 2,
    title: "Показания Ивана Иванова",
    version: 3,
    content: sparse,
    signedAt: "2026-04-01T10:00:00.000Z",
    signer: lawyer,
    contentSha256Hex: TESTIMONY_HASH,
    loadFont: dejavu,
    ...overrides,
  };
}

const sectionTitles = (catalogue: typeof en) => catalogue.testimony.sections;

describe("buildTestimonyPdf (Russian, DejaVu Sans)", () => {
  it("opens with the reference, exhibit, title, version, signer, fingerprint and the signing time in Russian with its zone", async () => {
    const { pages, all } = readPdf(await buildTestimonyPdf(input()));
    expect(pages[0]).toContain("Показания · CV-2026-0042");
    expect(pages[0]).toContain("Материал 2: Показания Ивана Иванова");
    expect(pages[0]).toContain("Номер дела CV-2026-0042");
    expect(pages[0]).toContain("Версия 3");
    expect(pages[0]).toContain("Автор и подписант Анна Петрова");
    expect(pages[0]).toContain(`Отпечаток ключа ${FINGERPRINT_A}`);
    expect(pages[0]).toContain("Подписано 1 апреля 2026 г., 13:00 (Europe/Moscow, UTC+03:00)");
    expect(all).not.toMatch(ISO_INSTANT);
  });

  it("lays the statement out as the print view: its sections in order, Russian labels, Cyrillic intact", async () => {
    const { all } = readPdf(await buildTestimonyPdf(input()));
    const s = sectionTitles(ru);
    const order = [s.interview, s.informant, s.incidents, s.witnesses, s.narrative, s.consent].map((title) => all.indexOf(`\n${title}\n`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(all).toContain("Дата опроса 2026-03");
    expect(all).toContain("Место опроса Вильнюс");
    expect(all).toContain("Другие присутствующие\n1. Мария · психолог");
    expect(all).toContain("Опрашиваемый является Лицо, находящееся под угрозой");
    expect(all).toContain("Имя опрашиваемого Иван Иванов");
    expect(all).toContain("Эпизод 1");
    expect(all).toContain("Место ИВС № 1");
    expect(all).toContain("Методы жестокого обращения удары по спине");
    expect(all).toContain("Исполнитель 1\nИмя или прозвище Сергей\nЗвание или должность майор");
    expect(all).toContain("1. Пётр · сокамерник\nвидел синяки");
    expect(all).toContain("Меня задержали на границе.\nПотом отвезли в изолятор.");
    expect(all).toContain("Использование в судебных и иных разбирательствах — Дано (с 2026-03-01)");
    expect(all).toContain("Запись о согласии 1\nДата 2026-03-01\nРешение Дано\nФорма согласия Письменно\nЗасвидетельствовал(а) —");
    expect(all).toContain("Документирование организацией — Не запрашивалось");
  });

  it("leaves out empty fields and empty sections, as the print view does", async () => {
    const { all } = readPdf(await buildTestimonyPdf(input()));
    const s = sectionTitles(ru);
    for (const title of [s.background, s.detention, s.effects, s.othersAffected, s.interviewerNotes, s.evidence]) expect(all).not.toContain(`\n${title}\n`);
    const f = ru.testimony.field;
    for (const label of [f.interview_time, f.interview_interpreter_name, f.informant_relation, f.incidents_dateTo, f.incidents_vehicles]) expect(all).not.toContain(label);
  });

  it("shows every field the record has: nothing in the schema is dropped", async () => {
    const { testimony, tokens } = filled();
    const { all } = readPdf(await buildTestimonyPdf(input({ content: testimony })));
    const missing = tokens.filter((token) => !new RegExp(`\\b${token}\\b`).test(all));
    expect(missing).toEqual([]);
    for (const title of Object.values(sectionTitles(ru))) expect(all).toContain(`\n${title}\n`);
    expect(all).toContain(uuid(9));
  });

  it("closes with the canonical JSON as the signed content and its grouped SHA-256", async () => {
    const { pages } = readPdf(await buildTestimonyPdf(input()));
    const last = pages.at(-1)!;
    expect(last).toContain("Конец показаний · CV-2026-0042 · версия 3");
    expect(last.replace(/\s+/g, " ")).toContain("Подписанное содержание этих показаний — файл канонического JSON материала 2 рядом с этим PDF в подборке. Его SHA-256:");
    expect(last).toContain(`${TESTIMONY_HASH_LINES[0]}\n${TESTIMONY_HASH_LINES[1]}`);
    expect(last).not.toContain(TESTIMONY_HASH);
  });

  it("runs a long statement over several pages with the margin line on every page", async () => {
    const paragraphs = Array.from({ length: 120 }, (_, i) => `Абзац ${i + 1}. Меня держали в подвале, допрашивали ночью и не давали спать; я помню голоса и шаги в коридоре.`);
    const { pages, all } = readPdf(await buildTestimonyPdf(input({ content: { ...sparse, narrative: paragraphs.join("\n\n") } })));
    expect(pages.length).toBeGreaterThanOrEqual(4);
    pages.forEach((page, i) => expect(page).toContain(`CV-2026-0042 · материал 2 · версия 3 · страница ${i + 1} из ${pages.length}`));
    expect(all).toContain("Абзац 1. Меня держали");
    expect(all).toContain("Абзац 120. Меня держали");
    expect(pages.at(-1)).toContain(TESTIMONY_HASH_LINES[1]);
  });

  it("prints no internal review status", async () => {
    const { all } = readPdf(await buildTestimonyPdf(input()));
    for (const label of [...Object.values(en.evidence.review.statuses), ...Object.values(ru.evidence.review.statuses)]) expect(all).not.toContain(label);
  });
});

describe("buildTestimonyPdf (English)", () => {
  it("uses English labels, dates and margin line", async () => {
    const { pages, all } = readPdf(await buildTestimonyPdf(input({ locale: "en", timeZone: "Europe/London", title: "Statement of I. Ivanov" })));
    expect(all).toContain("Statement · CV-2026-0042");
    expect(all).toContain("Exhibit 2: Statement of I. Ivanov");
    expect(all).toContain("Signed on 1 April 2026, 11:00 (Europe/London, UTC+01:00)");
    expect(all).toContain(`Key fingerprint ${FINGERPRINT_A}`);
    expect(all).toContain("Informant's name Иван Иванов");
    expect(all).toContain(`\n${en.testimony.sections.incidents}\n`);
    expect(all).toContain("End of statement · CV-2026-0042 · version 3");
    pages.forEach((page, i) => expect(page).toContain(`CV-2026-0042 · exhibit 2 · version 3 · page ${i + 1} of ${pages.length}`));
  });

  it("without a fingerprint says so rather than leaving the line out", async () => {
    const { all } = readPdf(await buildTestimonyPdf(input({ locale: "en", signer: { ...lawyer, fingerprint: null } })));
    expect(all).toContain("Key fingerprint not available");
  });
});

describe("buildTestimonyPdf without a Unicode font", () => {
  it("falls back to Helvetica: transliterated, readable, with a note and the margin line", async () => {
    const { pages, all } = readPdf(await buildTestimonyPdf(input({ loadFont: noFont })));
    expect(all).toContain("Pokazaniya · CV-2026-0042");
    expect(all).toContain("Imya oprashivaemogo Ivan Ivanov");
    expect(all).toContain("Mesto IVS No. 1");
    expect(all).toContain("1 aprelya 2026 g., 13:00 (Europe/Moscow, UTC+03:00)");
    expect(all).toContain("Primechanie: dlya etogo PDF ne nashlos shrifta Unicode");
    expect(all).toContain(TESTIMONY_HASH_LINES[0]);
    expect(all).not.toMatch(/[а-яё]/i);
    pages.forEach((page, i) => expect(page).toContain(`CV-2026-0042 · material 2 · versiya 3 · stranitsa ${i + 1} iz ${pages.length}`));
  });
});
