import { canonicalJson } from "@/lib/encoding/canonical-json";

// A readable diff between two testimony versions. Pure and deterministic.
//
// - testimonyDiff(before, after) walks both records in the order of their keys
//   (the schema's order) and lists every change with its path, e.g.
//   "interview.place", "incidents.1.methods", "witnesses.2". The UI turns a
//   path into a label with labelKey(path) ("testimony.field.incidents_methods",
//   "testimony.item.witnesses") and shows the numbers itself.
// - Scalars: "added" (empty → text), "removed" (text → empty), "changed".
// - Lists are aligned by an LCS over whole items, so removing the second
//   witness is one "removed witnesses.1", not a cascade of changes. Items left
//   over between aligned ones are paired in order as "changed" (and compared
//   field by field) unless they carry different ids (entryId, evidenceId).
//   Paths of added and changed items use the newer version's numbering,
//   removed items the older version's.
// - Long or multi-line texts also get `text`: a line diff (Myers, after
//   trimming the common prefix and suffix), and within each changed line a
//   word diff. Long equal runs are collapsed to { op: "skip" } with a few lines
//   of context. When two texts differ too much for the edit budget, the
//   differing middle is shown as deleted then inserted — still exact, less
//   minimal — so a 200 KB narrative always diffs quickly.

import { DELETE, diffSequences, EQUAL, interner } from "./sequence-diff";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type WordOp = { op: "equal" | "insert" | "delete"; text: string };

export type LineOp =
  | { op: "equal"; text: string }
  | { op: "insert"; text: string }
  | { op: "delete"; text: string }
  /** A line edited in place: the word-level changes. */
  | { op: "change"; before: string; after: string; words: WordOp[] }
  /** `count` equal lines not shown. */
  | { op: "skip"; count: number };

export type TestimonyChange = {
  path: string;
  kind: "added" | "removed" | "changed";
  /** The old and new value (a whole item for an added or removed list item); null where absent. */
  before: Json;
  after: Json;
  /** For long or multi-line texts. */
  text?: LineOp[];
};

export type DiffOptions = {
  /** Equal lines kept around each change (default 3; Infinity keeps every line). */
  context?: number;
  /** Texts longer than this, or with a line break, get a line/word diff (default 120). */
  longText?: number;
};

// ---- text ----

/** Words, runs of spaces and single punctuation marks (Unicode-aware: Cyrillic, Arabic, …). */
function tokens(line: string): string[] {
  return line.match(/\s+|[\p{L}\p{M}\p{N}_]+|[^\s\p{L}\p{M}\p{N}_]/gu) ?? [];
}

/** Word-level diff of two lines; adjacent operations of one kind are merged. */
export function diffWords(before: string, after: string): WordOp[] {
  const a = tokens(before);
  const b = tokens(after);
  const id = interner();
  const steps = diffSequences(a.map(id), b.map(id));
  const ops: WordOp[] = [];
  const push = (op: WordOp["op"], text: string) => {
    const last = ops.at(-1);
    if (last && last.op === op) last.text += text;
    else ops.push({ op, text });
  };
  let i = 0;
  let j = 0;
  for (const s of steps) {
    if (s === EQUAL) {
      push("equal", a[i++]!);
      j++;
    } else if (s === DELETE) push("delete", a[i++]!);
    else push("insert", b[j++]!);
  }
  return ops;
}

/** Line-level diff; deleted and inserted lines between two equal ones are paired in order as "change" with a word diff. */
export function diffText(before: string, after: string, options: DiffOptions = {}): LineOp[] {
  const context = options.context ?? 3;
  const a = before.split("\n");
  const b = after.split("\n");
  const id = interner();
  const steps = diffSequences(a.map(id), b.map(id));
  const ops: LineOp[] = [];
  let deleted: string[] = [];
  let inserted: string[] = [];
  const flush = () => {
    const paired = Math.min(deleted.length, inserted.length);
    for (let p = 0; p < paired; p++) {
      ops.push({ op: "change", before: deleted[p]!, after: inserted[p]!, words: diffWords(deleted[p]!, inserted[p]!) });
    }
    for (const text of deleted.slice(paired)) ops.push({ op: "delete", text });
    for (const text of inserted.slice(paired)) ops.push({ op: "insert", text });
    deleted = [];
    inserted = [];
  };
  let i = 0;
  let j = 0;
  for (const s of steps) {
    if (s === EQUAL) {
      flush();
      ops.push({ op: "equal", text: a[i++]! });
      j++;
    } else if (s === DELETE) deleted.push(a[i++]!);
    else inserted.push(b[j++]!);
  }
  flush();
  return collapse(ops, context);
}

/** Replaces runs of equal lines longer than the context with a "skip". */
function collapse(ops: LineOp[], context: number): LineOp[] {
  if (context === Number.POSITIVE_INFINITY) return ops;
  context = Math.max(0, Math.floor(context));
  const out: LineOp[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.op !== "equal") {
      out.push(ops[i++]!);
      continue;
    }
    let end = i;
    while (end < ops.length && ops[end]!.op === "equal") end++;
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = end === ops.length ? 0 : context;
    if (end - i > keepBefore + keepAfter) {
      out.push(...ops.slice(i, i + keepBefore));
      out.push({ op: "skip", count: end - i - keepBefore - keepAfter });
      out.push(...ops.slice(end - keepAfter, end));
    } else {
      out.push(...ops.slice(i, end));
    }
    i = end;
  }
  return out;
}

// ---- records ----

const ID_KEYS = ["entryId", "evidenceId"] as const;

function isObject(value: unknown): value is { [key: string]: Json } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function identity(value: Json): string | undefined {
  if (!isObject(value)) return undefined;
  for (const key of ID_KEYS) if (typeof value[key] === "string") return `${key}:${value[key]}`;
  return undefined;
}

function isEmpty(value: Json | undefined): boolean {
  return value === undefined || value === null || value === "";
}

function join(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

function walk(before: Json | undefined, after: Json | undefined, path: string, out: TestimonyChange[], options: DiffOptions): void {
  if (Array.isArray(before) && Array.isArray(after)) return walkList(before, after, path, out, options);
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
    for (const key of keys) walk(before[key], after[key], join(path, key), out, options);
    return;
  }
  if (isEmpty(before) && isEmpty(after)) return;
  if (before !== undefined && after !== undefined && canonicalJson(before) === canonicalJson(after)) return;
  const kind = isEmpty(before) ? "added" : isEmpty(after) ? "removed" : "changed";
  const change: TestimonyChange = { path, kind, before: before ?? null, after: after ?? null };
  if (typeof before === "string" && typeof after === "string" && kind === "changed") {
    const longText = options.longText ?? 120;
    if (before.includes("\n") || after.includes("\n") || Math.max(before.length, after.length) > longText) {
      change.text = diffText(before, after, options);
    }
  }
  out.push(change);
}

function walkList(before: Json[], after: Json[], path: string, out: TestimonyChange[], options: DiffOptions): void {
  const id = interner();
  const steps = diffSequences(
    before.map((item) => id(canonicalJson(item))),
    after.map((item) => id(canonicalJson(item))),
    before.length + after.length,
  );
  let i = 0;
  let j = 0;
  let removed: number[] = [];
  let added: number[] = [];
  const flush = () => {
    let r = 0;
    let a = 0;
    // Pair leftovers in order; an item with another id is a removal plus an addition.
    while (r < removed.length && a < added.length) {
      const old = before[removed[r]!]!;
      const neu = after[added[a]!]!;
      const oldId = identity(old);
      const newId = identity(neu);
      if (oldId !== newId && (oldId !== undefined || newId !== undefined)) {
        out.push({ path: join(path, removed[r]!), kind: "removed", before: old, after: null });
        r++;
        continue;
      }
      walk(old, neu, join(path, added[a]!), out, options);
      r++;
      a++;
    }
    for (; r < removed.length; r++) out.push({ path: join(path, removed[r]!), kind: "removed", before: before[removed[r]!]!, after: null });
    for (; a < added.length; a++) out.push({ path: join(path, added[a]!), kind: "added", before: null, after: after[added[a]!]! });
    removed = [];
    added = [];
  };
  for (const s of steps) {
    if (s === EQUAL) {
      flush();
      i++;
      j++;
    } else if (s === DELETE) removed.push(i++);
    else added.push(j++);
  }
  flush();
}

/** Every change from `before` to `after` (two versions' content); empty when they are the same. */
export function testimonyDiff(before: unknown, after: unknown, options: DiffOptions = {}): TestimonyChange[] {
  // Only plain JSON (canonicalJson throws otherwise). Keys are walked in the
  // newer version's order — the schema's, for parsed or decrypted records.
  canonicalJson(before);
  canonicalJson(after);
  const out: TestimonyChange[] = [];
  walk(before as Json, after as Json, "", out, options);
  return out;
}

/**
 * The i18n key of a path's label, flat so that no key is both a message and a
 * namespace: a field "incidents.1.perpetrators.0.rank" →
 * "testimony.field.incidents_perpetrators_rank"; a whole list item
 * "witnesses.2" → "testimony.item.witnesses". The UI shows the numbers.
 */
export function labelKey(path: string): string {
  const parts = path.split(".");
  const item = parts.length > 1 && /^\d+$/.test(parts.at(-1)!);
  const name = parts.filter((part) => !/^\d+$/.test(part)).join("_");
  return `testimony.${item ? "item" : "field"}.${name}`;
}
