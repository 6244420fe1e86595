// The shortest edit script between two sequences of integers (Myers,
// O((N+M)·D)), bounded in edits and in work so that any input diffs quickly:
// beyond the budget the differing middle is deleted then inserted — still
// exact, less minimal. Used by the testimony diff for lines, words and list
// items, each first mapped to integers by an interner.

export const EQUAL = 0;
export const DELETE = 1;
export const INSERT = 2;
export type Step = typeof EQUAL | typeof DELETE | typeof INSERT;

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
export function diffSequences(a: ArrayLike<number>, b: ArrayLike<number>, maxEdits = MAX_EDITS): Step[] {
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
export function interner() {
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
