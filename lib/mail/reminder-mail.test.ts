import { describe, expect, it } from "vitest";
import { deadlineKinds } from "@/lib/deadlines/schema";
import type { Notice } from "@/lib/notifications/notice";
import { reminderMail, ruDays } from "./reminder-mail";

const notices: Notice[] = [
  { type: "reminder", days: 14 },
  { type: "reminder", days: 3 },
  { type: "reminder", days: 1 },
  { type: "reminder", days: 0 },
  { type: "overdue", days: 1 },
  { type: "overdue", days: 22 },
];

describe("reminderMail", () => {
  it("names the case reference, the kind and the days, in English and Russian", () => {
    const mail = reminderMail({ to: "a@x.test", reference: "CV-7Q3K-9XPA", kind: "hearing", notice: { type: "reminder", days: 3 }, appUrl: "https://cases.example.org" });
    expect(mail.to).toBe("a@x.test");
    expect(mail.text).toContain("You have a deadline (hearing) in 3 days in case CV-7Q3K-9XPA.");
    expect(mail.text).toContain("У вас срок (заседание) через 3 дня по делу CV-7Q3K-9XPA.");
    expect(mail.text).toContain("https://cases.example.org");
    expect(reminderMail({ to: "a@x.test", reference: "CV-7Q3K-9XPA", kind: "appeal", notice: { type: "overdue", days: 2 }, appUrl: null }).text).toContain(
      "A deadline (appeal) in case CV-7Q3K-9XPA is 2 days overdue.",
    );
  });

  it("carries nothing but the reference, kind and days: the recipient's address is not in the text", () => {
    for (const kind of deadlineKinds) {
      for (const notice of notices) {
        const a = reminderMail({ to: "first.person@x.test", reference: "CV-AAAA-AAAA", kind, notice, appUrl: null });
        const b = reminderMail({ to: "someone.else@y.test", reference: "CV-BBBB-BBBB", kind, notice, appUrl: null });
        // The same text up to the reference: no other input shapes it.
        expect(a.text.replaceAll("CV-AAAA-AAAA", "REF")).toBe(b.text.replaceAll("CV-BBBB-BBBB", "REF"));
        expect(a.subject).toBe(b.subject);
        expect(`${a.subject}\n${a.text}`).not.toMatch(/first\.person|x\.test/);
        expect(a.subject).not.toContain("CV-");
        // Digits only from the reference and the day count.
        const digits = a.text.replaceAll("CV-AAAA-AAAA", "").match(/\d+/g) ?? [];
        expect(new Set(digits)).toEqual(new Set(notice.days === 0 ? [] : [String(notice.days)]));
      }
    }
  });

  it("Russian day counts agree with the number", () => {
    expect([1, 2, 5, 11, 12, 14, 21, 22, 25, 111].map(ruDays)).toEqual([
      "1 день",
      "2 дня",
      "5 дней",
      "11 дней",
      "12 дней",
      "14 дней",
      "21 день",
      "22 дня",
      "25 дней",
      "111 дней",
    ]);
  });
});
