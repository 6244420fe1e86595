// `npm run seed:demo`: a demo organisation with one user per org role, each
// with real keys (made exactly as the browser makes them: lib/crypto) and a
// second factor, printed once so a newcomer can sign in as every role.
// Runs on the embedded database (refused while the app holds it) or on
// DATABASE_URL; applies pending migrations first; refuses a database that
// already has users. Later features add a demo case to it.
import { randomInt, randomUUID } from "node:crypto";
import { dictionary } from "@zxcvbn-ts/language-common";
import { appendAuditEvent } from "@/lib/audit/actions";
import { hashAuthKey } from "@/lib/auth/authkey-hash";
import { newTotpSecret, totpUri } from "@/lib/auth/totp";
import { orgRoles, type OrgRole } from "@/lib/auth/roles";
import { enrolAccount } from "@/lib/crypto/account";
import { fromBase64url } from "@/lib/crypto/encoding";
import { DEFAULT_KDF_PARAMS, deriveKeys } from "@/lib/crypto/kdf";
import { closeDb, getDb } from "@/lib/db/client";

const organisation = "Demo Human Rights Centre";
const people: Record<OrgRole, { name: string; email: string }> = {
  admin: { name: "Alex Admin", email: "admin@demo.casevault.test" },
  coordinator: { name: "Nino Coordinator", email: "coordinator@demo.casevault.test" },
  caseworker: { name: "Aram Caseworker", email: "caseworker@demo.casevault.test" },
  lawyer: { name: "Olga Lawyer", email: "lawyer@demo.casevault.test" },
};

/** Five random words from the diceware list: ~60 bits, easy to type. */
function demoPassphrase(): string {
  const words = dictionary["diceware-common"];
  return Array.from({ length: 5 }, () => words[randomInt(words.length)]).join(" ");
}

const b = (s: string) => fromBase64url(s) as Uint8Array<ArrayBuffer>;

async function demoUser(role: OrgRole) {
  const id = randomUUID();
  const passphrase = demoPassphrase();
  // Browser parameters (the sign-in page refuses weaker ones).
  const { stored, authKey } = await enrolAccount(id, (salt) => deriveKeys(passphrase, salt, DEFAULT_KDF_PARAMS));
  const totpSecret = newTotpSecret();
  const row = {
    id,
    role,
    email: people[role].email,
    displayName: people[role].name,
    kdfSalt: b(stored.kdf.salt),
    kdfOpsLimit: stored.kdf.opsLimit,
    kdfMemLimit: stored.kdf.memLimitBytes,
    authKeyHash: await hashAuthKey(fromBase64url(authKey)),
    boxPublicKey: b(stored.boxPublicKey),
    signPublicKey: b(stored.signPublicKey),
    accountKeyWrapped: b(stored.accountKeyWrapped),
    privateKeysSealed: b(stored.privateKeysSealed),
    totpSecret,
  };
  const printed =
    `  ${role.padEnd(12)} ${people[role].email}\n` +
    `               passphrase:  ${passphrase}\n` +
    `               TOTP secret: ${totpSecret}   (${totpUri({ secret: totpSecret, account: people[role].email })})`;
  return { row, printed };
}

async function main() {
  const db = await getDb();
  if ((await db.user.count()) > 0) {
    console.error("This database already has users; the demo seed only fills an empty one.");
    process.exitCode = 1;
    return;
  }
  const made = await Promise.all(orgRoles.map(demoUser));
  await db.$transaction(async (tx) => {
    const org = await tx.organisation.create({ data: { name: organisation } });
    await tx.user.createMany({ data: made.map(({ row }) => ({ ...row, orgId: org.id })) });
    await appendAuditEvent(tx, { actorId: made[0]?.row.id ?? null, action: "setup.completed", data: { orgId: org.id, demo: true } });
  });
  console.log(`Created "${organisation}". Sign in at http://localhost:3000 as any of:\n`);
  console.log(made.map((m) => m.printed).join("\n"));
  console.log("\nAdd each TOTP secret to an authenticator app (or scan the otpauth:// URI as a QR code). Shown only now.");
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(closeDb);
