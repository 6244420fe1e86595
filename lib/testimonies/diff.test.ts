/**
 * Diff between testimony versions: nothing for equal versions, field paths
 * with added/removed/changed, list items aligned (a removed witness is one
 * removal), line then word diffs for long texts, exact reconstruction, and a
 * 200 KB narrative diffed quickly even when everything changed.
 */
import { describe, expect, it } from "vitest";
import { diffText, diffWords, labelKey, testimonyDiff, type LineOp, type WordOp } from "./diff";
import { emptyIncident, testimonySchema } from "./schema";
import { cyrillicText, entry, ids, sampleTestimony } from "./test-fixtures";

const all = { context: Number.POSITIVE_INFINITY };

/** Both texts back from a full (uncollapsed) line diff. */
function rebuild(ops: LineOp[]): { before: string; after: string } {
  const before: string[] = [];
  const after: string[] = [];
  for (const op of ops) {
    if (op.op === "equal") {
      before.push(op.text);
      after.push(op.text);
    } else if (op.op === "delete") before.push(op.text);
    else if (op.op === "insert") after.push(op.text);
    else if (op.op === "change") {
      before.push(op.before);
      after.push(op.after);
      expect(rebuildWords(op.words)).toEqual({ before: op.before, after: op.after });
    } else throw new Error("skip in a full diff");
  }
  return { before: before.join("\n"), after: after.join("\n") };
}

function rebuildWords(ops: WordOp[]): { before: string; after: string } {
  return {
    before: ops.filter((o) => o.op !== "insert").map((o) => o.text).join(""),
    after: ops.filter((o) => o.op !== "delete").map((o) => o.text).join(""),
  };
}

describe("testimonyDiff", () => {
  it("is empty for the same version, whatever the key order", () => {
    const t = sampleTestimony();
    expect(testimonyDiff(t, sampleTestimony())).toEqual([]);
    expect(testimonyDiff(t, JSON.parse(JSON.stringify(t)))).toEqual([]);
  });

  it("lists a changed, an added and a removed field with their paths", () => {
    const before = sampleTestimony();
    const after = sampleTestimony();
    after.interview.place = "Офис, Батуми";
    after.incidents[0]!.weapons = "дубинка";
    after.background.reasonGiven = "";
    expect(testimonyDiff(before, after)).toEqual([
      { path: "interview.place", kind: "changed", before: "Офис организации, Тбилиси", after: "Офис, Батуми" },
      { path: "background.reasonGiven", kind: "removed", before: "Никакой причины не назвали.", after: "" },
      { path: "incidents.0.weapons", kind: "added", before: "", after: "дубинка" },
    ]);
  });

  it("shows an added incident as one addition, and a change inside the second one by its path", () => {
    const before = sampleTestimony();
    const after = sampleTestimony();
    const second = { ...emptyIncident, location: "лес", methods: "имитация расстрела" };
    after.incidents.push(second);
    expect(testimonyDiff(before, after)).toEqual([{ path: "incidents.1", kind: "added", before: null, after: second }]);
    const later = structuredClone(after);
    later.incidents[1]!.methods = "имитация расстрела, удушение";
    expect(testimonyDiff(after, later)).toEqual([
      { path: "incidents.1.methods", kind: "changed", before: "имитация расстрела", after: "имитация расстрела, удушение" },
    ]);
  });

  it("shows a removed witness as one removal (older numbering), not a cascade", () => {
    const before = sampleTestimony();
    before.witnesses.push({ name: "Врач", role: "doctor", details: "" });
    const after = structuredClone(before);
    after.witnesses.splice(0, 1);
    expect(testimonyDiff(before, after)).toEqual([
      { path: "witnesses.0", kind: "removed", before: before.witnesses[0], after: null },
    ]);
  });

  it("pairs an edited list item field by field; does not pair consent entries with different ids", () => {
    const before = sampleTestimony();
    const after = structuredClone(before);
    after.witnesses[1]!.details = "видела задержание из окна";
    const withdrawal = entry("legal_proceedings", "withdrawn", "2024-06-01");
    after.consent.push(withdrawal);
    expect(testimonyDiff(before, after)).toEqual([
      { path: "witnesses.1.details", kind: "changed", before: "видела задержание", after: "видела задержание из окна" },
      { path: "consent.2", kind: "added", before: null, after: withdrawal },
    ]);
    const swapped = structuredClone(before);
    swapped.consent[1] = entry("legal_proceedings", "refused");
    expect(testimonyDiff(before, swapped).map((c) => `${c.path} ${c.kind}`)).toEqual(["consent.1 removed", "consent.1 added"]);
  });

  it("gives narrative line edits with word-level changes inside the edited line", () => {
    const before = sampleTestimony();
    const after = sampleTestimony();
    after.narrative = "Меня задержали рано утром.\nПотом отвезли в отдел.\nТам били.\nПотом отпустили.";
    const [change] = testimonyDiff(before, after);
    expect(change).toMatchObject({ path: "narrative", kind: "changed" });
    expect(change!.text).toEqual([
      {
        op: "change",
        before: "Меня задержали ночью.",
        after: "Меня задержали рано утром.",
        words: [
          { op: "equal", text: "Меня задержали " },
          { op: "delete", text: "ночью" },
          { op: "insert", text: "рано утром" },
          { op: "equal", text: "." },
        ],
      },
      { op: "equal", text: "Потом отвезли в отдел." },
      { op: "equal", text: "Там били." },
      { op: "insert", text: "Потом отпустили." },
    ]);
  });

  it("keeps short single-line texts as before/after only", () => {
    const after = sampleTestimony();
    after.informant.name = "Иван Сидоров";
    expect(testimonyDiff(sampleTestimony(), after)[0]!.text).toBeUndefined();
  });

  it("works on parsed (trimmed) records and on records with evidence links added", () => {
    const before = testimonySchema.parse(sampleTestimony());
    const after = testimonySchema.parse({ ...sampleTestimony(), evidence: [...sampleTestimony().evidence, { evidenceId: ids.evidence2, note: " " }] });
    expect(testimonyDiff(before, after)).toEqual([{ path: "evidence.1", kind: "added", before: null, after: { evidenceId: ids.evidence2, note: "" } }]);
  });

  it("refuses values that are not plain JSON", () => {
    expect(() => testimonyDiff({ a: new Date() }, {})).toThrow(/canonical JSON/);
  });
});

describe("diffText", () => {
  it("is all equal (and collapsed) for the same text", () => {
    const text = cyrillicText(5_000);
    expect(diffText(text, text, all).every((o) => o.op === "equal")).toBe(true);
    expect(diffText(text, text)).toEqual([{ op: "skip", count: text.split("\n").length }]);
  });

  it("collapses long equal runs, keeping context around changes", () => {
    const lines = Array.from({ length: 20 }, (_, i) => `строка ${i}`);
    const changed = [...lines];
    changed[10] = "строка десять";
    const ops = diffText(lines.join("\n"), changed.join("\n"), { context: 2 });
    expect(ops.map((o) => o.op)).toEqual(["skip", "equal", "equal", "change", "equal", "equal", "skip"]);
    expect(ops[0]).toEqual({ op: "skip", count: 8 });
    expect(ops[6]).toEqual({ op: "skip", count: 7 });
  });

  it("reconstructs both texts exactly (random edits)", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 30; round++) {
      const a = cyrillicText(3_000, round + 1).split("\n");
      const b = [...a];
      for (let e = 0; e < 8; e++) {
        const at = random(b.length);
        const kind = random(3);
        if (kind === 0) b.splice(at, 1);
        else if (kind === 1) b.splice(at, 0, `новая строка ${e}`);
        else b[at] = `${b[at]} изменено ${e}`;
      }
      const ops = diffText(a.join("\n"), b.join("\n"), all);
      expect(rebuild(ops)).toEqual({ before: a.join("\n"), after: b.join("\n") });
    }
  });

  it("handles empty texts and texts without line breaks", () => {
    expect(rebuild(diffText("", "одна строка", all))).toEqual({ before: "", after: "одна строка" });
    expect(rebuild(diffText("одна строка", "", all))).toEqual({ before: "одна строка", after: "" });
    expect(diffWords("a b c", "a x c")).toEqual([
      { op: "equal", text: "a " },
      { op: "delete", text: "b" },
      { op: "insert", text: "x" },
      { op: "equal", text: " c" },
    ]);
  });
});

describe("performance on a 200 KB narrative", () => {
  const narrative = cyrillicText(200_000);

  it("diffs a few scattered edits quickly", () => {
    const lines = narrative.split("\n");
    for (const at of [5, 700, 1400, 2000]) lines[at] = `${lines[at]} (уточнение)`;
    lines.splice(1000, 3);
    lines.splice(1800, 0, "Добавленная строка.");
    const started = performance.now();
    const ops = diffText(narrative, lines.join("\n"), all);
    const ms = performance.now() - started;
    expect(rebuild(ops)).toEqual({ before: narrative, after: lines.join("\n") });
    expect(ops.filter((o) => o.op === "change")).toHaveLength(4);
    expect(ms).toBeLessThan(1_000);
  });

  it("diffs two unrelated narratives quickly (falls back beyond the edit budget)", () => {
    const other = cyrillicText(200_000, 99);
    const started = performance.now();
    const changes = testimonyDiff({ narrative }, { narrative: other });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(changes).toHaveLength(1);
  });

  it("diffs one 200 KB line with a word changed in the middle", () => {
    const line = narrative.replace(/\n/g, " ");
    const edited = `${line.slice(0, 100_000)} ВСТАВКА ${line.slice(100_000)}`;
    const started = performance.now();
    const ops = diffText(line, edited, all);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(ops).toHaveLength(1);
    const words = (ops[0] as Extract<LineOp, { op: "change" }>).words;
    expect(words.filter((w) => w.op !== "equal")).toHaveLength(1);
    expect(rebuildWords(words)).toEqual({ before: line, after: edited });
  });
});

describe("labelKey", () => {
  it("drops list numbers and keeps keys flat (no key is also a namespace)", () => {
    expect(labelKey("incidents.1.methods")).toBe("testimony.field.incidents_methods");
    expect(labelKey("incidents.1.perpetrators.0.rank")).toBe("testimony.field.incidents_perpetrators_rank");
    expect(labelKey("interview.interpreter.name")).toBe("testimony.field.interview_interpreter_name");
    expect(labelKey("witnesses.2")).toBe("testimony.item.witnesses");
    expect(labelKey("consent.3.recipients.0")).toBe("testimony.item.consent_recipients");
    expect(labelKey("narrative")).toBe("testimony.field.narrative");
  });
});
