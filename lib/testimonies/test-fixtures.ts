/**
 * Test-only builders for lib/testimonies' Vitest suites (never imported by app code).
 */
import {
  emptyConsentEntry,
  emptyIncident,
  emptyPerpetrator,
  emptyTestimony,
  type ConsentEntry,
  type ConsentPurpose,
  type ConsentStatus,
  type Testimony,
} from "./schema";

export const ids = {
  case: "3f1c2a9e-6b7d-4c1e-9a0b-1d2e3f4a5b6c",
  testimony: "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d",
  author: "0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e",
  other: "5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170",
  evidence1: "11111111-2222-4333-8444-555555555555",
  evidence2: "66666666-7777-4888-9999-aaaaaaaaaaaa",
};

let counter = 0;
/** A fresh, valid v4 UUID (deterministic per test run). */
export function entryId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
}

export function entry(purpose: ConsentPurpose, status: ConsentStatus, date = "2024-03-01", extra: Partial<ConsentEntry> = {}): ConsentEntry {
  return {
    ...emptyConsentEntry(entryId(), purpose),
    status,
    date: status === "not_asked" ? "" : date,
    method: status === "given" ? "written" : "",
    ...extra,
  };
}

/** A complete, valid testimony (strict schema) with Cyrillic text; the same on every call. */
export function sampleTestimony(): Testimony {
  return {
    ...emptyTestimony,
    interview: {
      ...emptyTestimony.interview,
      date: "2024-03-01",
      time: "около 10 утра",
      place: "Офис организации, Тбилиси",
      interviewer: "Anna K.",
      interpreter: { name: "Зарема", languageFrom: "Chechen", languageTo: "Russian" },
      present: [{ name: "Dr. Lee", role: "physician", details: "" }],
      language: "Chechen",
    },
    informant: { role: "person_at_risk", name: "Иван Петров", relation: "" },
    background: {
      ...emptyTestimony.background,
      circumstances: "Задержан на улице у дома, посадили в машину без номеров.",
      date: "2023-11",
      reasonGiven: "Никакой причины не назвали.",
    },
    detention: [{ place: "ИВС №1", from: "2023-11", to: "2023-12", duration: "около месяца", conditions: "холодно", routine: "" }],
    incidents: [
      {
        ...emptyIncident,
        dateFrom: "2023-11-14",
        time: "ночью",
        location: "подвал ИВС",
        perpetrators: [{ ...emptyPerpetrator, rank: "капитан", unit: "УБОП" }],
        methods: "удары, электрошок",
        questions: "Требовали признаться в участии.",
        description: "Били несколько часов.",
      },
    ],
    witnesses: [
      { name: "Сосед по камере", role: "cellmate", details: "видел следы побоев" },
      { name: "Мать", role: "relative", details: "видела задержание" },
    ],
    narrative: "Меня задержали ночью.\nПотом отвезли в отдел.\nТам били.",
    evidence: [{ evidenceId: ids.evidence1, note: "фото" }],
    consent: [
      { ...entry("documentation", "given"), entryId: "c0c0c0c0-0000-4000-8000-000000000001" },
      { ...entry("legal_proceedings", "given"), entryId: "c0c0c0c0-0000-4000-8000-000000000002" },
    ],
  };
}

/** About `chars` characters of Cyrillic prose in lines of ~80 characters. */
export function cyrillicText(chars: number, seed = 1): string {
  const words = ["меня", "задержали", "ночью", "потом", "отвезли", "в", "отдел", "где", "били", "и", "требовали", "подписать", "признание", "сотрудники", "в", "форме"];
  let state = seed;
  const lines: string[] = [];
  let line = "";
  let length = 0;
  while (length < chars) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const word = words[state % words.length]!;
    line = line ? `${line} ${word}` : word;
    if (line.length > 80) {
      lines.push(line);
      length += line.length + 1;
      line = "";
    }
  }
  return lines.join("\n");
}
