import "server-only";
import { env } from "@/lib/env";
import type { Mail } from "./send";

// The invitation mail, in English and Russian (we do not know the invitee's
// language yet). It carries the one-time link and nothing about the
// organisation, its cases or the people in them.
export function invitationMail(to: string, token: string): Mail | null {
  const origin = env().NEXTAUTH_URL;
  if (!origin) return null;
  const link = `${new URL(origin).origin}/invite#${token}`;
  return {
    to,
    subject: "Casevault: your invitation / ваше приглашение",
    text: [
      "You have been invited to Casevault.",
      `Open this link to choose your passphrase and second factor: ${link}`,
      "It works once, for 7 days. If you did not expect it, ignore this message.",
      "",
      "Вас пригласили в Casevault.",
      `Откройте ссылку, чтобы выбрать парольную фразу и второй фактор: ${link}`,
      "Ссылка действует один раз в течение 7 дней. Если вы не ждали этого письма, просто проигнорируйте его.",
    ].join("\n"),
  };
}
