import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import { getDb, type Tx } from "@/lib/db/client";
import { RECOVERY_CODE_COUNT, hashRecoveryCode, newRecoveryCode, type SecondFactorInput } from "../recovery-code";
import { checkTotp } from "../totp";

// The second factor at sign-in and at passphrase change: a TOTP code or a
// single-use recovery code. Invariants:
// - `checkSecondFactor` costs the same kind of work whether or not the account
//   or its secret exists (a dummy secret and a dummy user id stand in).
// - A factor counts only once it is CLAIMED inside the caller's success
//   transaction with a conditional UPDATE: a TOTP step above the last one
//   used, a recovery code still unused. Two requests with one code: one wins.
// - Using a recovery code is the audit event "auth.recovery_code_used" with
//   the code's row id only.


/** Valid base32, never anyone's: keeps the code check's cost when there is no real secret. */
const DUMMY_TOTP_SECRET = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const DUMMY_USER_ID = "00000000-0000-4000-8000-000000000000";

export type CheckedFactor = { ok: false } | { ok: true; kind: "totp"; step: number } | { ok: true; kind: "recovery"; codeId: string };

export type FactorOwner = { id: string; totpSecret: string | null; totpLastStep: number | null } | null;

export async function checkSecondFactor(owner: FactorOwner, factor: SecondFactorInput, now: Date): Promise<CheckedFactor> {
  if (factor.kind === "totp") {
    const result = checkTotp(owner?.totpSecret ?? DUMMY_TOTP_SECRET, factor.code, { lastStep: owner?.totpLastStep ?? null, now });
    return result.ok && owner?.totpSecret ? { ok: true, kind: "totp", step: result.step } : { ok: false };
  }
  const userId = owner?.id ?? DUMMY_USER_ID;
  const db = await getDb();
  const code = await db.recoveryCode.findUnique({
    where: { userId_codeHash: { userId, codeHash: hashRecoveryCode(userId, factor.normalized) } },
    select: { id: true, usedAt: true },
  });
  return code && !code.usedAt && owner ? { ok: true, kind: "recovery", codeId: code.id } : { ok: false };
}

/** False when another request spent this factor first. */
export async function claimSecondFactor(tx: Tx, userId: string, factor: Exclude<CheckedFactor, { ok: false }>, now: Date): Promise<boolean> {
  if (factor.kind === "totp") {
    const claimed = await tx.user.updateMany({
      where: { id: userId, status: "active", OR: [{ totpLastStep: null }, { totpLastStep: { lt: factor.step } }] },
      data: { totpLastStep: factor.step },
    });
    return claimed.count === 1;
  }
  const claimed = await tx.recoveryCode.updateMany({ where: { id: factor.codeId, userId, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) return false;
  await appendAuditEvent(tx, { action: "auth.recovery_code_used", actorId: userId, caseId: null, data: { recoveryCodeId: factor.codeId } });
  return true;
}

/** Replaces every code of the user with RECOVERY_CODE_COUNT new ones; returns them (the only time they exist in clear). */
export async function issueRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(userId, code.replace(/-/g, "")) })),
  });
  return codes;
}
