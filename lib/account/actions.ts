import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import { revokeAllSessions } from "@/lib/auth/session-store";
import { issueRecoveryCodes } from "@/lib/auth/actions/second-factor";
import { hashAuthKey } from "@/lib/auth/authkey-hash";
import { checkTotp } from "@/lib/auth/totp";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { fromBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import { hashInvitationToken } from "./invitation-token";
import { isSetupTokenValid, removeSetupToken } from "./setup-token";
import { claimReauthentication, reauthenticate, withBusyAsAppError } from "@/lib/auth/actions/reauthenticate";
import type { AcceptInvitationWire, ChangePassphraseWire, EnrolmentResult, EnrolmentWire, InvitationView, RegenerateRecoveryCodesWire, SetupWire } from "./schema";

// Account enrolment and passphrase change. The server receives only what
// DESIGN.md §2 allows (salt, parameters, authKey, public keys, wrapped and
// sealed key blobs, the TOTP secret) and stores an Argon2id hash of authKey,
// never authKey itself. Each change and its audit event share a transaction.
// Enrolment also issues the account's recovery codes: returned once, stored
// only hashed (lib/auth/recovery-code.ts).

/** The second factor is confirmed with one code before anything is stored; that code is then spent. */
function confirmedTotpStep(enrolment: EnrolmentWire, now: Date): number {
  const check = checkTotp(enrolment.totpSecret, enrolment.totpCode, { lastStep: null, now });
  if (!check.ok) throw new AppError("invalid_input", "totp.mismatch");
  return check.step;
}

async function keyColumns(enrolment: EnrolmentWire, now: Date) {
  const totpLastStep = confirmedTotpStep(enrolment, now);
  return {
    kdfSalt: fromBase64url(enrolment.kdf.salt),
    kdfOpsLimit: enrolment.kdf.opsLimit,
    kdfMemLimit: enrolment.kdf.memLimitBytes,
    authKeyHash: await withBusyAsAppError(() => hashAuthKey(fromBase64url(enrolment.authKey))),
    boxPublicKey: fromBase64url(enrolment.boxPublicKey),
    signPublicKey: fromBase64url(enrolment.signPublicKey),
    accountKeyWrapped: fromBase64url(enrolment.accountKeyWrapped),
    privateKeysSealed: fromBase64url(enrolment.privateKeysSealed),
    totpSecret: enrolment.totpSecret,
    totpLastStep,
  };
}

/** First run only: creates the organisation and its first admin. Afterwards: not_found. */
export async function completeSetup(input: SetupWire, now = new Date()): Promise<EnrolmentResult> {
  // Cheap refusal first: no Argon2id work for anyone once set-up is done.
  if (await hasAnyUser()) throw new AppError("not_found");
  // Then the set-up token, still before any Argon2id work (lib/account/setup-token.ts).
  if (!isSetupTokenValid(input.setupToken)) throw new AppError("invalid_input", "setup.tokenWrong");
  const keys = await keyColumns(input.enrolment, now);
  const db = await getDb();
  const result = await db.$transaction(async (tx: Tx) => {
    // Two set-ups racing: the lock makes the second see the first's admin.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7411001)`;
    if ((await tx.user.count()) > 0) throw new AppError("not_found");
    const org = await tx.organisation.create({ data: { name: input.organisationName } });
    const user = await tx.user.create({
      data: { id: input.enrolment.userId, orgId: org.id, email: input.email, displayName: input.displayName, role: "admin", ...keys },
    });
    await appendAuditEvent(tx, { actorId: user.id, action: "setup.completed", caseId: null, data: { orgId: org.id } });
    return { email: user.email, recoveryCodes: await issueRecoveryCodes(tx, user.id) };
  });
  removeSetupToken();
  return result;
}

/** Step one of the set-up form: a wrong token is said before the browser spends seconds on keys. */
export async function checkSetupToken(setupToken: string): Promise<void> {
  if (await hasAnyUser()) throw new AppError("not_found");
  if (!isSetupTokenValid(setupToken)) throw new AppError("invalid_input", "setup.tokenWrong");
}

export async function hasAnyUser(): Promise<boolean> {
  const db = await getDb();
  return (await db.user.count()) > 0;
}

/** An open invitation, or not_found / expired. Says nothing else about the organisation. */
export async function lookupInvitation(token: string, now = new Date()): Promise<InvitationView> {
  const db = await getDb();
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) }, include: { org: true } });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw new AppError("not_found");
  if (invitation.expiresAt <= now) throw new AppError("expired");
  return { email: invitation.email, role: invitation.role, organisation: invitation.org.name, resetUserId: invitation.userId };
}

export async function acceptInvitation(input: AcceptInvitationWire, now = new Date()): Promise<EnrolmentResult> {
  await lookupInvitation(input.token, now); // no Argon2id work for a dead link
  const keys = await keyColumns(input.enrolment, now);
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: hashInvitationToken(input.token) } });
    if (!invitation) throw new AppError("not_found");
    // Works once: only one concurrent acceptance can flip acceptedAt.
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (claimed.count !== 1) throw new AppError(invitation.expiresAt <= now ? "expired" : "not_found");

    let userId: string;
    if (invitation.userId) {
      // An admin reset: the same account enrols new keys (the AD names it).
      if (input.enrolment.userId !== invitation.userId) throw new AppError("invalid_input", "invitation.userMismatch");
      const user = await tx.user.update({
        where: { id: invitation.userId },
        data: { ...keys, displayName: input.displayName, keysVersion: { increment: 1 } },
      });
      userId = user.id;
    } else {
      if (await tx.user.findUnique({ where: { email: invitation.email } })) throw new AppError("conflict", "email.taken");
      const user = await tx.user.create({
        data: { id: input.enrolment.userId, orgId: invitation.orgId, email: invitation.email, displayName: input.displayName, role: invitation.role, ...keys },
      });
      userId = user.id;
    }
    await appendAuditEvent(tx, { actorId: userId, action: "invitation.accepted", caseId: null, data: { invitationId: invitation.id, reset: invitation.userId !== null } });
    // A reset replaces the old codes too: they belonged to the lost keys' owner.
    return { email: invitation.email, recoveryCodes: await issueRecoveryCodes(tx, userId) };
  });
}

/**
 * A new passphrase re-wraps only the account key; the old one stops working at
 * once. Needs the current passphrase (its authKey) AND the second factor; a
 * wrong one is a failure in the account's sign-in back-off (lib/auth/actions/backoff.ts).
 */
export async function changePassphrase(actor: Actor, input: ChangePassphraseWire, now = new Date()): Promise<void> {
  const proof = await reauthenticate(actor, { authKey: fromBase64url(input.currentAuthKey), secondFactor: input.secondFactor }, now);
  const authKeyHash = await withBusyAsAppError(() => hashAuthKey(fromBase64url(input.authKey)));
  const db = await getDb();
  await db.$transaction(async (tx: Tx) => {
    await claimReauthentication(tx, actor.userId, proof, now);
    await tx.user.update({
      where: { id: actor.userId },
      data: {
        kdfSalt: fromBase64url(input.kdf.salt),
        kdfOpsLimit: input.kdf.opsLimit,
        kdfMemLimit: input.kdf.memLimitBytes,
        accountKeyWrapped: fromBase64url(input.accountKeyWrapped),
        authKeyHash,
      },
    });
    // Whoever may have known the old passphrase loses every other session now.
    const ended = await revokeAllSessions(tx, actor.userId, now, actor.sessionId);
    await appendAuditEvent(tx, { actorId: actor.userId, action: "auth.passphrase_changed", caseId: null, data: { otherSessionsEnded: ended } });
  });
}

/** Replaces the user's recovery codes; the new ones are returned once. Needs the second factor. */
export async function regenerateRecoveryCodes(actor: Actor, input: RegenerateRecoveryCodesWire, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const proof = await reauthenticate(actor, { authKey: null, secondFactor: input.secondFactor }, now);
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    await claimReauthentication(tx, actor.userId, proof, now);
    const recoveryCodes = await issueRecoveryCodes(tx, actor.userId);
    await appendAuditEvent(tx, { actorId: actor.userId, action: "auth.recovery_codes_issued", caseId: null, data: { count: recoveryCodes.length } });
    return { recoveryCodes };
  });
}
