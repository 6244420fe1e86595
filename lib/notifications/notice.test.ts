import { describe, expect, it } from "vitest";
import { noticeOf, reminderKey } from "./notice";

const dueAt = new Date("2026-12-10T09:00:00.000Z");
const DAY = 86_400_000;

describe("notification keys and notices", () => {
  it("threshold keys carry the due instant, so a moved deadline gets fresh keys", () => {
    expect(reminderKey("d3", dueAt)).toBe("d3@2026-12-10T09:00:00.000Z");
    expect(reminderKey("d3", new Date(dueAt.getTime() + DAY))).not.toBe(reminderKey("d3", dueAt));
  });

  it("a reminder says how many days were left when it was owed", () => {
    expect(noticeOf(reminderKey("d14", dueAt), new Date(dueAt.getTime() - 14 * DAY), dueAt)).toEqual({ type: "reminder", days: 14 });
    expect(noticeOf(reminderKey("d1", dueAt), new Date(dueAt.getTime() - DAY), dueAt)).toEqual({ type: "reminder", days: 1 });
    expect(noticeOf(reminderKey("due", dueAt), dueAt, dueAt)).toEqual({ type: "reminder", days: 0 });
  });

  it("an organisation's own reminder days read back from their keys; a key of no known form says 0", () => {
    expect(noticeOf(reminderKey("d60", dueAt), new Date(dueAt.getTime() - 60 * DAY), dueAt)).toEqual({ type: "reminder", days: 60 });
    expect(noticeOf(reminderKey("d5", dueAt), new Date(dueAt.getTime() - 5 * DAY), dueAt)).toEqual({ type: "reminder", days: 5 });
    expect(noticeOf(`d007@${dueAt.toISOString()}`, dueAt, dueAt)).toEqual({ type: "reminder", days: 0 });
    expect(noticeOf(`dx@${dueAt.toISOString()}`, dueAt, dueAt)).toEqual({ type: "reminder", days: 0 });
  });

  it("an escalation says how many days overdue, never less than one", () => {
    expect(noticeOf("overdue:2026-12-12", new Date(dueAt.getTime() + 2 * DAY), dueAt)).toEqual({ type: "overdue", days: 2 });
    // The deadline was moved later after the escalation was owed.
    expect(noticeOf("overdue:2026-12-11", new Date(dueAt.getTime() + DAY), new Date(dueAt.getTime() + 30 * DAY))).toEqual({ type: "overdue", days: 1 });
  });
});
