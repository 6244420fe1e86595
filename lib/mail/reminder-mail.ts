import type { DeadlineKind } from "@/lib/deadlines/schema";
import type { Notice } from "@/lib/notifications/notice";
import type { Mail } from "./send";

// The deadline reminder mail, in English and Russian (we do not store a
// user's language). Mail crosses servers we do not control, so it says only
// what DESIGN.md §3 lets the server see anyway and a recipient needs to act:
// the random case reference, the deadline's kind and how many days. No
// person, no title, no court, no date. Pure: the caller passes everything.

const kindNames: Record<DeadlineKind, { en: string; ru: string }> = {
  hearing: { en: "hearing", ru: "заседание" },
  appeal: { en: "appeal", ru: "обжалование" },
  filing: { en: "filing", ru: "подача" },
  asylum: { en: "asylum application", ru: "заявление об убежище" },
  detention_review: { en: "detention review", ru: "пересмотр содержания под стражей" },
  interim_measures: { en: "interim-measures request", ru: "запрос обеспечительных мер" },
  other: { en: "other", ru: "другое" },
};

const enDays = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

/** Russian plural: 1 день, 2–4 дня, 5–20 дней, 21 день, … */
export function ruDays(n: number): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  const word = mod10 === 1 && mod100 !== 11 ? "день" : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? "дня" : "дней";
  return `${n} ${word}`;
}

export type ReminderMailInput = {
  to: string;
  reference: string;
  kind: DeadlineKind;
  notice: Notice;
  /** The app's address (NEXTAUTH_URL's origin), or null when it is not configured. */
  appUrl: string | null;
};

export function reminderMail({ to, reference, kind, notice, appUrl }: ReminderMailInput): Mail {
  const name = kindNames[kind];
  const [en, ru] =
    notice.type === "overdue"
      ? [
          `A deadline (${name.en}) in case ${reference} is ${enDays(notice.days)} overdue.`,
          `Срок (${name.ru}) по делу ${reference} просрочен на ${ruDays(notice.days)}.`,
        ]
      : notice.days === 0
        ? [`You have a deadline (${name.en}) due now in case ${reference}.`, `У вас наступает срок (${name.ru}) по делу ${reference}.`]
        : [
            `You have a deadline (${name.en}) in ${enDays(notice.days)} in case ${reference}.`,
            `У вас срок (${name.ru}) через ${ruDays(notice.days)} по делу ${reference}.`,
          ];
  return {
    to,
    subject: "Casevault: deadline reminder / напоминание о сроке",
    text: [
      en,
      appUrl ? `Sign in to view it: ${appUrl}` : "Sign in to Casevault to view it.",
      "",
      ru,
      appUrl ? `Войдите, чтобы посмотреть подробности: ${appUrl}` : "Войдите в Casevault, чтобы посмотреть подробности.",
    ].join("\n"),
  };
}
