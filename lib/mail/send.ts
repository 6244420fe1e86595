import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";

// Outgoing mail. Mail crosses servers we do not control, so every message
// this app sends names no case, no person at risk and no organisation: it
// says only that there is something to look at after signing in.

export type Mail = { to: string; subject: string; text: string };

export function mailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

/** Sends, or returns false when no SMTP server is configured or sending failed (logged without content). */
export async function sendMail(mail: Mail): Promise<boolean> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) return false;
  try {
    await nodemailer.createTransport(SMTP_URL).sendMail({ from: MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return true;
  } catch (error) {
    console.error(`[casevault] mail not sent: ${error instanceof Error ? error.name : "error"}`);
    return false;
  }
}
