import { describe, expect, it } from "vitest";
import { checkEpoch, checkRecord, emptyMarks, marksCodec, mergeMarks, noting, recordKey } from "./marks";

const h = (c: string) => c.repeat(43);
const key = recordKey("case-1", "testimony", "t-1");

describe("high-water marks", () => {
  it("a record is ahead when first seen or newer, same when equal, rolled back when older", () => {
    expect(checkRecord(emptyMarks, key, { version: 2, epoch: 1, hash: h("A") })).toBe("ahead");
    const marks = noting({ records: [[key, { version: 2, epoch: 1, hash: h("A") }]] })(emptyMarks);
    expect(checkRecord(marks, key, { version: 3, epoch: 1, hash: h("B") })).toBe("ahead");
    expect(checkRecord(marks, key, { version: 2, epoch: 1, hash: h("A") })).toBe("same");
    expect(checkRecord(marks, key, { version: 1, epoch: 1, hash: h("C") })).toBe("rolled_back");
  });

  it("the same version with other bytes, or under any other epoch, is a rewrite (records are never re-encrypted)", () => {
    const marks = noting({ records: [[key, { version: 2, epoch: 2, hash: h("A") }]] })(emptyMarks);
    expect(checkRecord(marks, key, { version: 2, epoch: 2, hash: h("B") })).toBe("rewritten");
    expect(checkRecord(marks, key, { version: 2, epoch: 1, hash: h("A") })).toBe("rewritten");
    expect(checkRecord(marks, key, { version: 2, epoch: 3, hash: h("B") })).toBe("rewritten");
  });

  it("the version right after the marked one must name the marked hash as its predecessor, or history was swapped", () => {
    const marks = noting({ records: [[key, { version: 2, epoch: 1, hash: h("A") }]] })(emptyMarks);
    expect(checkRecord(marks, key, { version: 3, epoch: 1, hash: h("B") }, h("A"))).toBe("ahead");
    expect(checkRecord(marks, key, { version: 3, epoch: 1, hash: h("B") }, h("Z"))).toBe("rewritten");
    // Further ahead, the versions between are unseen: nothing to compare with.
    expect(checkRecord(marks, key, { version: 4, epoch: 1, hash: h("C") }, h("Z"))).toBe("ahead");
    // A later version under an older epoch: written with an old key after the team moved on.
    const atEpoch2 = noting({ records: [[key, { version: 2, epoch: 2, hash: h("A") }]] })(emptyMarks);
    expect(checkRecord(atEpoch2, key, { version: 3, epoch: 1, hash: h("B") }, h("A"))).toBe("rewritten");
    expect(checkRecord(atEpoch2, key, { version: 3, epoch: 2, hash: h("B") }, h("A"))).toBe("ahead");
    // Not opened (no predecessor known): judged by version and hash alone.
    expect(checkRecord(marks, key, { version: 3, epoch: 1, hash: h("B") })).toBe("ahead");
  });

  it("epochs: a lower epoch than seen is a rollback", () => {
    const marks = noting({ epochs: [["case-1", 3]] })(emptyMarks);
    expect(checkEpoch(marks, "case-1", 3)).toBe("same");
    expect(checkEpoch(marks, "case-1", 4)).toBe("ahead");
    expect(checkEpoch(marks, "case-1", 2)).toBe("rolled_back");
    expect(checkEpoch(marks, "case-2", 1)).toBe("ahead");
  });

  it("marks never go down: noting older values or merging an older copy keeps the higher ones", () => {
    const high = noting({ epochs: [["case-1", 3]], records: [[key, { version: 5, epoch: 3, hash: h("A") }]] })(emptyMarks);
    expect(noting({ epochs: [["case-1", 1]], records: [[key, { version: 1, epoch: 1, hash: h("B") }]] })(high)).toBe(high);
    const low = noting({ epochs: [["case-1", 1]], records: [[key, { version: 1, epoch: 1, hash: h("B") }]] })(emptyMarks);
    for (const merged of [mergeMarks(high, low), mergeMarks(low, high)]) {
      expect(merged.epochs.get("case-1")).toBe(3);
      expect(merged.records.get(key)).toEqual({ version: 5, epoch: 3, hash: h("A") });
    }
  });

  it("round-trips through its stored form and refuses a malformed one", () => {
    const marks = noting({ epochs: [["case-1", 2]], records: [[key, { version: 5, epoch: 2, hash: h("A") }]] })(emptyMarks);
    const json = JSON.parse(JSON.stringify(marksCodec.toJson(marks)));
    expect(marksCodec.fromJson(json)).toEqual(marks);
    expect(() => marksCodec.fromJson({ ...json, records: { [key]: { version: 0, epoch: 1, hash: h("A") } } })).toThrow();
    expect(() => marksCodec.fromJson({ ...json, type: "casevault.keybook.v1" })).toThrow();
  });
});
