/**
 * index.pdf as a court reads it (pdftotext): every exhibit with its grouped
 * hash, signer and fingerprint, signing and timestamp times in the bundle's
 * language with the zone named, who exported it and how to check it, "page N
 * of M" on every page; no review status; Cyrillic intact, or transliterated
 * with a note when no Unicode font is available.
 */
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { buildIndexPdf, verifyCommand, type IndexExhibit, type IndexPdfInput } from "./index-pdf";
import {
  EVIDENCE_HASH,
  EVIDENCE_HASH_LINES,
  FINGERPRINT_A,
  FINGERPRINT_B,
  ISO_INSTANT,
  TESTIMONY_HASH,
  TESTIMONY_HASH_LINES,
  caseworker,
  dejavu,
  lawyer,
  noFont,
  readPdf,
} from "./test-support";

const photo: IndexExhibit = {
  kind: "evidence",
  number: 1,
  fileName: "01-снимок травм.jpg",
  title: "Снимок травм после задержания",
  originalName: "снимок травм.jpg",
  type: "image/jpeg",
  size: 1_234_567,
  sha256Hex: EVIDENCE_HASH,
  capturedAt: "2026-02-28T14:30",
  source: "Сестра заявителя",
  signedAt: "2026-03-01T09:15:00.000Z",
  signer: caseworker,
  timestamp: "2026-03-01T09:15:02.000Z",
};

const statement: IndexExhibit = {
  kind: "testimony",
  number: 2,
  title: "Показания Ивана Иванова",
  version: 3,
  fileName: "02-testimony-v3.json",
  readableFileName: "02-testimony-v3.pdf",
  contentSha256Hex: TESTIMONY_HASH,
  signedAt: "2026-04-01T10:00:00.000Z",
  signer: lawyer,
  timestamp: null,
};

function input(overrides: Partial<IndexPdfInput> = {}): IndexPdfInput {
  return {
    locale: "ru",
    timeZone: "Europe/Berlin",
    bundleName: "Апелляция, слушание 12 марта",
    reference: "CV-2026-0042",
    bundleId: "0b9e6f5a-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
    caseId: "7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910",
    exportedAt: "2026-12-05T16:02:00.000Z",
    exporter: lawyer,
    exhibits: [photo, statement],
    loadFont: dejavu,
    ...overrides,
  };
}

/** Many exhibits, so that the index runs over several pages. */
function many(count: number): IndexExhibit[] {
  return Array.from({ length: count }, (_, i) => ({ ...photo, number: i + 1, fileName: `${String(i + 1).padStart(2, "0")}-фото-${i + 1}.jpg`, title: `Фото ${i + 1}` }));
}

const reviewLabels = (catalogue: typeof en) => Object.values(catalogue.evidence.review.statuses);

describe("buildIndexPdf (Russian, DejaVu Sans)", () => {
  it("lists each exhibit with number, title, type, size, grouped SHA-256, capture date, signer and fingerprint, in Russian", async () => {
    const { all } = readPdf(await buildIndexPdf(input()));
    expect(all).toContain("Судебная подборка: Апелляция, слушание 12 марта");
    expect(all).toContain("Номер дела CV-2026-0042");
    expect(all).toContain("Материал 1: Снимок травм после задержания");
    expect(all).toContain("Файл 01-снимок травм.jpg");
    expect(all).toContain("Исходное имя файла снимок травм.jpg");
    expect(all).toContain("Тип image/jpeg");
    expect(all).toMatch(/Размер 1\s234\s567 байт \(1,2 МиБ\)/);
    expect(all).toContain(`SHA-256 ${EVIDENCE_HASH_LINES[0]}`);
    expect(all).toContain(EVIDENCE_HASH_LINES[1]);
    expect(all).not.toContain(EVIDENCE_HASH);
    expect(all).toContain("Дата съёмки или создания 28 февраля 2026 г., 14:30");
    expect(all).toContain("Источник Сестра заявителя");
    expect(all).toContain("Загрузил(а) и подписал(а) Dr Ilya Sorokin");
    expect(all).toContain(`Отпечаток ключа ${FINGERPRINT_B}`);
  });

  it("gives signing and timestamp times in Russian with the zone named, and never an ISO instant", async () => {
    const { all } = readPdf(await buildIndexPdf(input()));
    expect(all).toContain("Дата выгрузки 5 декабря 2026 г., 17:02 (Europe/Berlin, UTC+01:00)");
    expect(all).toContain("Подписано 1 марта 2026 г., 10:15 (Europe/Berlin, UTC+01:00)");
    expect(all).toContain("Доверенная метка времени 1 марта 2026 г., 10:15 (Europe/Berlin, UTC+01:00)");
    // The statement has no timestamp: said so, not left blank.
    expect(all).toContain("Подписано 1 апреля 2026 г., 12:00 (Europe/Berlin, UTC+02:00)\nДоверенная метка времени нет");
    expect(all).not.toMatch(ISO_INSTANT);
  });

  it("names both files of a testimony exhibit: the readable PDF and the signed canonical JSON, with its hash", async () => {
    const { all } = readPdf(await buildIndexPdf(input()));
    expect(all).toContain("Материал 2: Показания Ивана Иванова (письменные показания, версия 3)");
    expect(all).toContain("Показания для чтения (PDF) 02-testimony-v3.pdf");
    expect(all).toMatch(/Подписанное содержание 02-testimony-v3\.json\s+\(канонический JSON\)/);
    expect(all).toContain(TESTIMONY_HASH_LINES[0]);
    expect(all).toContain(TESTIMONY_HASH_LINES[1]);
    expect(all).toContain("Автор и подписант Анна Петрова");
    expect(all).toContain(`Отпечаток ключа ${FINGERPRINT_A}`);
  });

  it("says who exported and signed the bundle and how to check it against the organisation", async () => {
    const { all } = readPdf(await buildIndexPdf(input()));
    expect(all).toContain(`Выгрузил(а) и подписал(а) Анна Петрова\nОтпечаток ключа ${FINGERPRINT_A}`);
    const flat = all.replace(/\s+/g, " ");
    // Everyone who signed, the exporter first, each once: the verifier checks every signature against this list.
    expect(flat).toContain(`npx casevault-verify bundle.zip --expect "${FINGERPRINT_A},${FINGERPRINT_B}"`);
    expect(flat).toContain("сверьте каждый отпечаток с самой организацией");
  });

  it("asks for a placeholder fingerprint when no signer has one", () => {
    const unknown = { ...lawyer, fingerprint: null };
    expect(verifyCommand({ exporter: unknown, exhibits: [{ ...statement, signer: unknown }] })).toBe("npx casevault-verify bundle.zip --expect <fingerprint>");
    expect(verifyCommand({ exporter: unknown, exhibits: [photo, statement] })).toBe(`npx casevault-verify bundle.zip --expect "${FINGERPRINT_B},${FINGERPRINT_A}"`);
  });

  it("prints no internal review status", async () => {
    const { all } = readPdf(await buildIndexPdf(input()));
    for (const label of [...reviewLabels(en), ...reviewLabels(ru)]) expect(all).not.toContain(label);
    expect(all).not.toMatch(/review|unreviewed|admissible|needs_translation|оцен/i);
  });

  it("numbers every page 'страница N из M' in the footer with the reference and bundle name", async () => {
    const { pages } = readPdf(await buildIndexPdf(input({ exhibits: many(14) })));
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page).toContain(`CV-2026-0042 · Апелляция, слушание 12 марта · страница ${i + 1} из ${pages.length}`);
    });
    expect(pages.join("\n")).toContain("Материал 14: Фото 14");
  });

  it("notes a key since replaced and up to when it counts", async () => {
    const retired = { ...photo, signer: { ...caseworker, retiredUntil: "2026-06-01T00:00:00.000Z" } };
    const { all } = readPdf(await buildIndexPdf(input({ exhibits: [retired] })));
    expect(all.replace(/\s+/g, " ")).toContain("Этот ключ с тех пор заменён: он действителен только для подписей, сделанных до 1 июня 2026 г., 02:00 (Europe/Berlin, UTC+02:00).");
  });
});

describe("buildIndexPdf (English)", () => {
  it("uses English labels and dates, 'page N of M', and says when there is no trusted timestamp", async () => {
    const { pages, all } = readPdf(await buildIndexPdf(input({ locale: "en", timeZone: "UTC", bundleName: "Appeal hearing", exhibits: [statement, ...many(12)] })));
    expect(all).toContain("Exhibit bundle: Appeal hearing");
    expect(all).toContain("Exported on 5 December 2026, 16:02 (UTC, UTC+00:00)");
    expect(all).toContain("Signed on 1 April 2026, 10:00 (UTC, UTC+00:00)\nTrusted timestamp no trusted timestamp");
    expect(all).toContain(`Key fingerprint ${FINGERPRINT_A}`);
    expect(all).toContain("Readable statement (PDF) 02-testimony-v3.pdf");
    expect(all).toMatch(/Size 1,234,567 bytes \(1\.2 MiB\)/);
    expect(all).toContain("13 exhibits");
    expect(all).not.toMatch(ISO_INSTANT);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => expect(page).toContain(`CV-2026-0042 · Appeal hearing · page ${i + 1} of ${pages.length}`));
  });

  it("shortens a bundle name too long for the footer but keeps the page number", async () => {
    const { pages } = readPdf(await buildIndexPdf(input({ locale: "en", bundleName: "A very long bundle name ".repeat(12).trim() })));
    expect(pages[0]).toMatch(/CV-2026-0042 · A very long bundle name.*… · page 1 of 1/);
  });
});

describe("buildIndexPdf without a Unicode font", () => {
  it("falls back to Helvetica: transliterated, readable, with a note and page numbers", async () => {
    for (const loadFont of [noFont, async () => Promise.reject(new Error("offline"))]) {
      const { pages, all } = readPdf(await buildIndexPdf(input({ loadFont })));
      expect(all).toContain("Sudebnaya podborka: Apellyatsiya, slushanie 12 marta");
      expect(all).toContain("Vygruzil(a) i podpisal(a) Anna Petrova");
      expect(all).toContain(`Otpechatok klyucha ${FINGERPRINT_A}`);
      expect(all).toContain("5 dekabrya 2026 g., 17:02 (Europe/Berlin, UTC+01:00)");
      expect(all).toContain(EVIDENCE_HASH_LINES[0]);
      expect(all).toContain("manifest.json");
      expect(all).toContain("Primechanie: dlya etoy opisi ne nashlos shrifta Unicode");
      expect(all).not.toMatch(/[а-яё]/i);
      pages.forEach((page, i) => expect(page).toContain(`stranitsa ${i + 1} iz ${pages.length}`));
    }
  });
});
