/**
 * The dashboard benches' data: one coordinator on `cases` cases × `perCase`
 * deadlines, opened through the real lib/cases code (keys, grant, chain,
 * sealed profile, one audit event per case) with really sealed details,
 * spread over a year around today (about 9% already past, every fifth done).
 *
 * Import this module only after DATA_DIR / DATABASE_URL name the database to
 * fill (its lib imports open whatever the environment names on first use).
 */
import { randomUUID } from "node:crypto";
import { hashAuthKey } from "@/lib/auth/authkey-hash";
import type { Actor } from "@/lib/auth/policy";
import { newTotpSecret } from "@/lib/auth/totp";
import { openCase } from "@/lib/cases/actions/open-case";
import { createCaseKeys } from "@/lib/cases/case-keys";
import { sealFirstProfile } from "@/lib/cases/open-case-client";
import { sealRecord } from "@/lib/cases/records-client";
import { enrolAccount, type UnlockedAccount } from "@/lib/crypto/account";
import { fromBase64url } from "@/lib/crypto/encoding";
import { DEFAULT_KDF_PARAMS, deriveKeys } from "@/lib/crypto/kdf";
import { getDb } from "@/lib/db/client";
import { deadlineKinds, deadlineLabelOf } from "@/lib/deadlines/schema";

const DAY = 86_400_000;
const b = (s: string) => fromBase64url(s) as Uint8Array<ArrayBuffer>;

export type BenchCoordinator = { actor: Actor; unlocked: UnlockedAccount; email: string };

/**
 * A new organisation and its coordinator. With `signIn` (passphrase and TOTP
 * secret) the account can sign in through the real page: browser KDF
 * parameters (the sign-in page refuses weaker ones), authKey hash, second
 * factor. Without it, fast KDF parameters: for benches that call lib directly.
 */
export async function newBenchCoordinator(signIn?: { passphrase: string }): Promise<BenchCoordinator & { totpSecret: string | null }> {
  const db = await getDb();
  const org = await db.organisation.create({ data: { name: "Bench" } });
  const userId = randomUUID();
  const email = `bench-${userId}@x.test`;
  const kdf = signIn ? DEFAULT_KDF_PARAMS : { alg: "argon2id13" as const, opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };
  const { stored, authKey, unlocked } = await enrolAccount(userId, (salt) => deriveKeys(signIn?.passphrase ?? "bench passphrase", salt, kdf));
  const totpSecret = signIn ? newTotpSecret() : null;
  await db.user.create({
    data: {
      id: userId,
      orgId: org.id,
      email,
      displayName: "Bench Coordinator",
      role: "coordinator",
      boxPublicKey: b(stored.boxPublicKey),
      signPublicKey: b(stored.signPublicKey),
      ...(signIn
        ? {
            kdfSalt: b(stored.kdf.salt),
            kdfOpsLimit: stored.kdf.opsLimit,
            kdfMemLimit: stored.kdf.memLimitBytes,
            authKeyHash: await hashAuthKey(fromBase64url(authKey)),
            accountKeyWrapped: b(stored.accountKeyWrapped),
            privateKeysSealed: b(stored.privateKeysSealed),
            totpSecret,
          }
        : {}),
    },
  });
  return { actor: { userId, orgId: org.id, role: "coordinator" }, unlocked, email, totpSecret };
}

/** Opens `cases` cases led by the coordinator, each with `perCase` deadlines due from a month ago to eleven months ahead. */
export async function seedDashboardCases({ actor, unlocked }: BenchCoordinator, cases: number, perCase: number, now = Date.now()): Promise<void> {
  const db = await getDb();
  const userId = actor.userId;
  for (let i = 0; i < cases; i++) {
    const caseId = randomUUID();
    const { caseKey, epoch, grant, link } = await createCaseKeys(caseId, unlocked);
    const value = { fullName: `Person ${i} Человек ${i}`, aliases: [], dateOfBirth: "1980", nationalities: "", languages: "", currentLocation: "", safeContact: "", contacts: [], riskLevel: "high" as const, riskReason: "", vulnerabilities: "", notes: "" };
    const sealed = await sealFirstProfile({ caseId, caseKey, profile: value, author: unlocked });
    await openCase(actor, { caseId, epoch, grant, link, ...sealed });
    const records = [];
    const deadlines = [];
    for (let j = 0; j < perCase; j++) {
      const id = randomUUID();
      const dueAt = new Date(now + Math.floor(Math.random() * 365 - 33) * DAY + Math.floor(Math.random() * DAY));
      const details = { title: `Hearing ${i}.${j} Заседание`, court: "District court", venue: "Courtroom 4", courtCaseNumber: `No ${i}/${j}`, timeZone: "Asia/Yerevan", date: "2027-01-01", time: "10:00", notes: "n".repeat(300), outcome: "" };
      const sealed = await sealRecord({ caseId, type: "deadline_details", id, version: 1, epoch: 1, caseKey, value: details, signed: { author: unlocked, prev: null } });
      const labelId = randomUUID();
      const label = await sealRecord({ caseId, type: "deadline_label", id: labelId, version: 1, epoch: 1, caseKey, value: deadlineLabelOf(id, details), signed: { author: unlocked, prev: null } });
      for (const record of [sealed, label]) {
        const contentSealed = b(record.contentSealed);
        records.push({ id: record.id, version: 1, caseId, type: record.type, epoch: 1, authorId: userId, contentSealed, size: contentSealed.length });
      }
      deadlines.push({ id, caseId, kind: deadlineKinds[j % deadlineKinds.length]!, dueAt, assigneeId: userId, detailsVersion: 1, labelId, labelVersion: 1, createdById: userId, status: (j % 5 === 4 ? "done" : "open") as "done" | "open" });
    }
    await db.caseRecord.createMany({ data: records });
    await db.deadline.createMany({ data: deadlines });
  }
}
