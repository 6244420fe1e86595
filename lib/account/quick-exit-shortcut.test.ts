import { describe, expect, it } from "vitest";
import { createQuickExitShortcut, ESCAPE_WINDOW_MS } from "./quick-exit-shortcut";

const esc = (timeStamp: number, extra: Partial<{ shiftKey: boolean; usedByPage: boolean; key: string }> = {}) => ({
  key: "Escape",
  shiftKey: false,
  usedByPage: false,
  timeStamp,
  ...extra,
});

describe("quick exit shortcut", () => {
  it("Shift+Escape leaves at once", () => {
    expect(createQuickExitShortcut().press(esc(0, { shiftKey: true }))).toBe(true);
  });

  it("three free Escapes within the window leave; two do not", () => {
    const shortcut = createQuickExitShortcut();
    expect(shortcut.press(esc(0))).toBe(false);
    expect(shortcut.press(esc(200))).toBe(false);
    expect(shortcut.press(esc(400))).toBe(true);
  });

  it("Escapes spread wider than the window do not add up", () => {
    const shortcut = createQuickExitShortcut();
    expect(shortcut.press(esc(0))).toBe(false);
    expect(shortcut.press(esc(ESCAPE_WINDOW_MS))).toBe(false);
    expect(shortcut.press(esc(2 * ESCAPE_WINDOW_MS))).toBe(false);
  });

  it("an Escape that closes a dialog resets the count: closing one with quick Escapes never exits", () => {
    const shortcut = createQuickExitShortcut();
    expect(shortcut.press(esc(0))).toBe(false);
    expect(shortcut.press(esc(100))).toBe(false);
    expect(shortcut.press(esc(200, { usedByPage: true }))).toBe(false);
    expect(shortcut.press(esc(300))).toBe(false);
    expect(shortcut.press(esc(400))).toBe(false);
    expect(shortcut.press(esc(500))).toBe(true);
  });

  it("other keys are not counted", () => {
    const shortcut = createQuickExitShortcut();
    expect(shortcut.press(esc(0, { key: "Enter", shiftKey: true }))).toBe(false);
  });
});
