import { describe, expect, it } from "vitest";
import { moveItem } from "./exhibit-list";

describe("exhibit order in the builder", () => {
  it("moves an exhibit up, down and by dragging across the list; out-of-range moves change nothing", () => {
    const list = ["a", "b", "c", "d"];
    expect(moveItem(list, 1, 0)).toEqual(["b", "a", "c", "d"]); // "Move exhibit 2 up"
    expect(moveItem(list, 1, 2)).toEqual(["a", "c", "b", "d"]); // "Move exhibit 2 down"
    expect(moveItem(list, 0, 3)).toEqual(["b", "c", "d", "a"]); // dragged onto the last row
    expect(moveItem(list, 3, 0)).toEqual(["d", "a", "b", "c"]);
    expect(moveItem(list, 0, -1)).toEqual(list);
    expect(moveItem(list, 3, 4)).toEqual(list);
    expect(list).toEqual(["a", "b", "c", "d"]); // never in place
  });
});
