import fs from "node:fs";
import path from "node:path";
import { createTranslator, type Messages } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { type AuditT, actionsOfKind, auditKindOf, auditKinds, describeAuditEvent, sentenceKey } from "./describe";
import { auditActions } from "./events";

// Every action code the code base writes has a sentence in both catalogues,
// and every sentence renders — with all the data its writer records, and
// with none (an older event). The codes are collected twice: from
// `auditActions` (the type every appender takes) and by scanning the
// sources for `action: "…"` literals, so a code written some other way
// still fails here.

const root = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx|mts|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Action codes written in the sources: `action: "x.y"`, and the literal unions of `action: "a" | "b"` parameters. */
function writtenCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sourceFiles(path.join(root, "lib")), ...sourceFiles(path.join(root, "app"))]) {
    const text = fs.readFileSync(file, "utf8");
    if (!/appendAuditEvent|recordAuditEvent|recordReadEvent/.test(text)) continue;
    for (const match of text.matchAll(/\baction:\s*((?:"[a-z_]+\.[a-z_]+"\s*\|?\s*)+)/g)) {
      for (const code of match[1]!.matchAll(/"([a-z_]+\.[a-z_]+)"/g)) found.set(code[1]!, path.relative(root, file));
    }
  }
  return found;
}

const catalogues = { en, ru } as const;
const translators = Object.fromEntries(
  Object.entries(catalogues).map(([locale, messages]) => [
    locale,
    createTranslator<Messages>({
      locale,
      messages: messages as Messages,
      namespace: "auditPage" as never,
      onError: (error) => {
        throw error;
      },
    }) as unknown as AuditT,
  ]),
) as Record<keyof typeof catalogues, AuditT>;

const actorId = "11111111-1111-4111-8111-111111111111";
const subjectId = "22222222-2222-4222-8222-222222222222";
const caseId = "33333333-3333-4333-8333-333333333333";
const lookups = { names: new Map([[actorId, "Olga Lawyer"], [subjectId, "Aram Caseworker"]]), references: new Map([[caseId, "CV-7Q3K-9XPA"]]) };

describe("audit sentences", () => {
  it("the scan finds the writers (it is not silently empty)", () => {
    const codes = writtenCodes();
    expect(codes.size).toBeGreaterThan(30);
    expect(codes.get("case.content_read")).toBeDefined();
    expect(codes.get("auth.quick_exit")).toBe("lib/auth/actions/sign-out.ts");
  });

  it("every code written in the sources is a known action code", () => {
    const unknown = [...writtenCodes()].filter(([code]) => !(auditActions as readonly string[]).includes(code)).map(([code, file]) => `${code} (${file})`);
    expect(unknown).toEqual([]);
  });

  it.each(Object.keys(catalogues) as (keyof typeof catalogues)[])("every action code has a sentence in %s", (locale) => {
    const t = translators[locale];
    const codes = new Set([...auditActions, ...writtenCodes().keys()]);
    expect([...codes].filter((code) => !t.has(sentenceKey(code)))).toEqual([]);
  });

  it.each(Object.keys(catalogues) as (keyof typeof catalogues)[])("every sentence renders in %s, with full and with empty data", (locale) => {
    const t = translators[locale];
    for (const action of auditActions) {
      const full = describeAuditEvent(t, { action, actorId, caseId, data: { userId: subjectId, part: "testimonies", role: "lawyer", to: "legal_review", status: "admissible", reason: "credentials" } }, lookups);
      expect(full, action).not.toBe(action);
      expect(full, action).not.toMatch(/[{}]/);
      const bare = describeAuditEvent(t, { action, actorId: null, caseId: null, data: {} }, lookups);
      expect(bare, action).not.toMatch(/[{}]|undefined/);
    }
  });

  it("names people and cases from the lookups, in both languages", () => {
    const read = { action: "case.content_read", actorId, caseId, data: { part: "case" } };
    expect(describeAuditEvent(translators.en, read, lookups)).toBe("Olga Lawyer opened case CV-7Q3K-9XPA");
    expect(describeAuditEvent(translators.ru, read, lookups)).toBe("Olga Lawyer открыл(а) дело CV-7Q3K-9XPA");
    const upload = { action: "evidence.uploaded", actorId: subjectId, caseId, data: { evidenceId: caseId, size: 1, parts: 1 } };
    expect(describeAuditEvent(translators.en, upload, lookups)).toBe("Aram Caseworker uploaded an evidence file to CV-7Q3K-9XPA");
    const added = { action: "case.member_added", actorId, caseId, data: { userId: subjectId, role: "member", epoch: 1 } };
    expect(describeAuditEvent(translators.en, added, lookups)).toBe("Olga Lawyer added Aram Caseworker to the team of CV-7Q3K-9XPA");
    // Someone no longer in the users table, a case no longer on record.
    const gone = { action: "case.content_read", actorId: subjectId.replace("2222-4", "9999-4"), caseId: actorId, data: {} };
    expect(describeAuditEvent(translators.en, gone, lookups)).toBe("A former user opened case a case no longer on record");
  });

  it("shows an unknown code (older data) as the code itself", () => {
    expect(describeAuditEvent(translators.en, { action: "legacy.thing_done", actorId, caseId, data: {} }, lookups)).toBe("legacy.thing_done");
    expect(describeAuditEvent(translators.ru, { action: "", actorId: null, caseId: null, data: {} }, lookups)).toBe("");
  });

  it("puts every action code in exactly one kind, and every kind has a name in both catalogues", () => {
    const grouped = auditKinds.flatMap((kind) => actionsOfKind(kind));
    expect([...grouped].sort()).toEqual([...auditActions].sort());
    for (const action of auditActions) expect(auditKindOf(action)).not.toBeNull();
    for (const locale of Object.keys(catalogues) as (keyof typeof catalogues)[]) {
      for (const kind of [...auditKinds, "all"]) expect(translators[locale].has(`kind.${kind}`), `${locale} kind.${kind}`).toBe(true);
    }
  });
});
