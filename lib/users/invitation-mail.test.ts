import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withSmtpCapture } from "@/lib/testing/smtp-capture";
import { withTestDatabase } from "@/lib/testing/test-db";
import { createInvitation } from "./actions";

withTestDatabase();
const smtp = withSmtpCapture();

describe("invitation mail", () => {
  it("mails the one-time link and names neither the organisation nor anyone in it", async () => {
    const db = await getDb();
    const orgName = `Shelter-${randomUUID()}`;
    const org = await db.organisation.create({ data: { name: orgName } });
    const admin = await db.user.create({ data: { orgId: org.id, email: `admin-${randomUUID()}@x.test`, displayName: "Marker Adminname", role: "admin" } });
    const to = `invitee-${randomUUID()}@x.test`;

    const issued = await createInvitation({ userId: admin.id, orgId: org.id, role: "admin" }, { email: to, role: "lawyer" });

    expect(issued.mailed).toBe(true);
    const mail = smtp.messages.find((m) => m.to.includes(to));
    expect(mail).toBeDefined();
    const body = mail!.raw.replace(/=\r?\n/g, "");
    expect(body).toContain(`https://cases.example.org/invite#${issued.token}`);
    expect(body).not.toContain(orgName);
    expect(body).not.toContain("Marker Adminname");
    // The database keeps only the hash of the token.
    const rows = await db.invitation.findMany({ where: { email: to } });
    expect(JSON.stringify(rows)).not.toContain(issued.token);
  });
});
