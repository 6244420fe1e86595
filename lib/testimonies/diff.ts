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

// ---- Myers O((N+M)·D) on integer sequences ----

const EQUAL = 0;
const DELETE = 1;
const INSERT = 2;
type Step = typeof EQUAL | typeof DELETE | typeof INSERT;

/** Largest number of edits Myers searches before falling back to delete-all/insert-all. */
const MAX_EDITS = 2000;
/** Largest number of steps (diagonals visited plus snake steps) one Myers run may take: bounds the time on any input. */
const MAX_WORK = 30_000_000;

function myers(a: ArrayLike<number>, b: ArrayLike<number>, maxEdits: number): Step[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let work = 0;
  for (let d = 0; d <= max; d++) {
    // V after round d-1, for diagonals -d-1..d+1 (index k + d + 1).
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      const from = x;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      work += 1 + x - from;
      if (work > MAX_WORK) return null;
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], last: number, n: number, m: number): Step[] {
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = last; d > 0; d--) {
    const v = trace[d]!;
    const at = (k: number) => v[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push(EQUAL);
      x--;
      y--;
    }
    steps.push(down ? INSERT : DELETE);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    steps.push(EQUAL);
    x--;
    y--;
  }
  return steps.reverse();
}

/** Edit script turning `a` into `b`: common prefix/suffix first, Myers on the rest, delete-all/insert-all beyond the budget. */
function diffSequences(a: ArrayLike<number>, b: ArrayLike<number>, maxEdits = MAX_EDITS): Step[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = Array.prototype.slice.call(a, start, endA) as number[];
  const midB = Array.prototype.slice.call(b, start, endB) as number[];
  const middle: Step[] =
    myers(midA, midB, maxEdits) ?? [...new Array<Step>(midA.length).fill(DELETE), ...new Array<Step>(midB.length).fill(INSERT)];
  const steps = new Array<Step>(start).fill(EQUAL);
  for (const s of middle) steps.push(s);
  for (let i = endA; i < a.length; i++) steps.push(EQUAL);
  return steps;
}

/** Maps each distinct string to a small integer, so sequences compare as numbers. */
function interner() {
  const ids = new Map<string, number>();
  return (s: string) => {
    let id = ids.get(s);
    if (id === undefined) {
      id = ids.size;
      ids.set(s, id);
    }
    return id;
  };
}

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
