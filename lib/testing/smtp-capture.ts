import { afterAll, beforeAll } from "vitest";
import { SMTPServer } from "smtp-server";

export type CapturedMail = { to: string[]; raw: string };

/** A local SMTP server that keeps every message it receives, for tests. */
export async function startSmtpCapture(): Promise<{ url: string; messages: CapturedMail[]; stop: () => Promise<void> }> {
  const messages: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, messages, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * For a test file: a capture server for all its tests, set as the app's
 * SMTP_URL (with a public NEXTAUTH_URL for the links in mails) before
 * anything reads the configuration, which is read once per process.
 * `messages` is every mail received so far.
 */
export function withSmtpCapture(): { readonly messages: CapturedMail[] } {
  let capture: Awaited<ReturnType<typeof startSmtpCapture>> | undefined;
  beforeAll(async () => {
    capture = await startSmtpCapture();
    process.env.SMTP_URL = capture.url;
    process.env.NEXTAUTH_URL = "https://cases.example.org";
  });
  afterAll(async () => capture?.stop());
  return {
    get messages() {
      if (!capture) throw new Error("the SMTP capture starts in beforeAll");
      return capture.messages;
    },
  };
}
