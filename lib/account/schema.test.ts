import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toBase64url } from "@/lib/encoding/base64url";
import { saveTrustDocumentWireSchema } from "@/lib/trust/schema";
import { acceptInvitationWireSchema, changePassphraseWireSchema } from "./schema";

// The server decodes these fields with the strict codec: whatever it would
// refuse must already be refused here, with the message the form shows.

const b64 = (n: number) => toBase64url(new Uint8Array(randomBytes(n)));
/** The same 32 bytes with a trailing bit set: Node's decoder read it, the one codec refuses it. */
const respelt32 = (text: string) => `${text.slice(0, -1)}${text.endsWith("B") ? "C" : "B"}`;
const messages = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues.map((i) => i.message);

describe("account wire schemas and base64url", () => {
  it("an invitation token must be 32 bytes in their one spelling (invitation.invalid)", () => {
    const base = { displayName: "Ada", enrolment: {} };
    const token = b64(32);
    const refused = (t: string) => messages(acceptInvitationWireSchema.safeParse({ ...base, token: t }))?.includes("invitation.invalid");
    expect(refused(token)).toBe(false);
    for (const bad of [respelt32(token), `${token}=`, `${token.slice(0, -1)}+`, token.slice(1)]) expect(refused(bad), bad).toBe(true);
  });

  it("a passphrase change refuses a respelt or padded key before it is decoded", () => {
    const ok = { currentAuthKey: b64(32), secondFactor: "123456", kdf: { salt: b64(16), opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 }, authKey: b64(32), accountKeyWrapped: b64(72) };
    expect(changePassphraseWireSchema.safeParse(ok).success).toBe(true);
    expect(messages(changePassphraseWireSchema.safeParse({ ...ok, currentAuthKey: respelt32(ok.currentAuthKey) }))).toEqual(["must encode 32 bytes"]);
    expect(messages(changePassphraseWireSchema.safeParse({ ...ok, authKey: `${ok.authKey}=` }))).toEqual(["must encode 32 bytes"]);
    expect(messages(changePassphraseWireSchema.safeParse({ ...ok, accountKeyWrapped: `${ok.accountKeyWrapped}A` }))).toEqual(["not base64url"]);
    expect(messages(changePassphraseWireSchema.safeParse({ ...ok, accountKeyWrapped: "" }))).toEqual(["not base64url"]);
  });

  it("a trust document must be canonical base64url", () => {
    const ok = { kind: "keybook", replaces: 0, sealed: b64(100) };
    expect(saveTrustDocumentWireSchema.safeParse(ok).success).toBe(true);
    for (const sealed of ["AB", "AAA=", "AA+A", ""]) expect(messages(saveTrustDocumentWireSchema.safeParse({ ...ok, sealed })), sealed).toEqual(["not base64url"]);
  });
});
