import { z } from "zod";
import { base64urlOfBytes, base64urlSchema } from "@/lib/encoding/base64url";

// The shapes of enrolment and sign-in: one schema for the form (plaintext,
// validated in the browser) and one for the wire (what the server receives).
// The wire shapes carry no passphrase and no key that opens content.

const b64url = (bytes: number) => base64urlOfBytes(bytes, `must encode ${bytes} bytes`);

/** Base64url of an opaque blob with a size ceiling. */
const blob = (maxBytes: number) =>
  base64urlSchema()
    .min(1, "not base64url")
    .max(Math.ceil((maxBytes * 4) / 3));

export const PASSPHRASE_MIN = 12;
export const PASSPHRASE_MAX = 256;

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("email.invalid").max(254, "email.invalid"));

export const totpCodeSchema = z.string().trim().regex(/^\d{6}$/, "totp.format");

/** Six digits from the authenticator app, or a recovery code (16 base32 characters; spaces, dashes and case ignored). */
export const secondFactorSchema = z
  .string()
  .trim()
  .max(40, "secondFactor.format")
  .refine((v) => /^\d{6}$/.test(v) || /^[A-Z2-7]{16}$/.test(v.replace(/[\s-]/g, "").toUpperCase()), "secondFactor.format");

/** The passphrase rules checkable everywhere; the common-password check runs in the browser (lib/account/passphrase-strength.ts). */
export const passphraseSchema = z
  .string()
  .min(PASSPHRASE_MIN, "passphrase.tooShort")
  .max(PASSPHRASE_MAX, "passphrase.tooLong");

/** Everything the server stores for an account's keys (DESIGN.md §2). */
export const enrolmentWireSchema = z.object({
  userId: z.uuid(),
  kdf: z.object({
    salt: b64url(16),
    opsLimit: z.number().int().min(1).max(64),
    memLimitBytes: z.number().int().min(8192).max(1024 * 1024 * 1024),
  }),
  authKey: b64url(32),
  boxPublicKey: b64url(32),
  signPublicKey: b64url(32),
  accountKeyWrapped: blob(256),
  privateKeysSealed: blob(512),
  totpSecret: z.string().regex(/^[A-Z2-7]{32}$/, "totp.secret"),
  totpCode: totpCodeSchema,
});
export type EnrolmentWire = z.infer<typeof enrolmentWireSchema>;

export const displayNameSchema = z.string().trim().min(1, "name.required").max(120, "name.tooLong");

/** The one-time token printed at first start (DATA_DIR/setup-token or SETUP_TOKEN). */
export const setupTokenSchema = z.string().trim().min(1, "setup.tokenRequired").max(256, "setup.tokenWrong");

/** First run: the organisation and its first admin. */
export const setupWireSchema = z.object({
  setupToken: setupTokenSchema,
  organisationName: z.string().trim().min(2, "org.required").max(160, "org.tooLong"),
  displayName: displayNameSchema,
  email: emailSchema,
  enrolment: enrolmentWireSchema,
});
export type SetupWire = z.infer<typeof setupWireSchema>;

export const acceptInvitationWireSchema = z.object({
  token: base64urlOfBytes(32, "invitation.invalid"),
  displayName: displayNameSchema,
  enrolment: enrolmentWireSchema,
});
export type AcceptInvitationWire = z.infer<typeof acceptInvitationWireSchema>;

/** A passphrase change: proof of the current passphrase and the second factor, the new wrap. */
export const changePassphraseWireSchema = z.object({
  currentAuthKey: b64url(32),
  secondFactor: secondFactorSchema,
  kdf: enrolmentWireSchema.shape.kdf,
  authKey: b64url(32),
  accountKeyWrapped: blob(256),
});
export type ChangePassphraseWire = z.infer<typeof changePassphraseWireSchema>;

/** New recovery codes replace the old ones: the second factor proves it is the owner, not just a session. */
export const regenerateRecoveryCodesWireSchema = z.object({ secondFactor: secondFactorSchema });
export type RegenerateRecoveryCodesWire = z.infer<typeof regenerateRecoveryCodesWireSchema>;

/** What an enrolment returns: the account's email and its recovery codes, shown once. */
export type EnrolmentResult = { email: string; recoveryCodes: string[] };

/** What the browser fetches to unlock: opaque to the server. */
export type KeyMaterial = {
  userId: string;
  displayName: string;
  kdf: { salt: string; opsLimit: number; memLimitBytes: number };
  boxPublicKey: string;
  signPublicKey: string;
  accountKeyWrapped: string;
  privateKeysSealed: string;
};

/** What an invitee sees before accepting. */
export type InvitationView = { email: string; role: "admin" | "coordinator" | "caseworker" | "lawyer"; organisation: string; resetUserId: string | null };
