// `npm run seed:demo`: a demo organisation with one user per org role, each
// with real keys (made exactly as the browser makes them: lib/crypto) and a
// second factor, printed once so a newcomer can sign in as every role.
// Runs on the embedded database (refused while the app holds it) or on
// DATABASE_URL; applies pending migrations first; refuses a database that
// already has users. The demo case has a person profile, a team of three and
// a few workflow steps, encrypted exactly as the browser does it.
import { randomInt, randomUUID } from "node:crypto";
import { dictionary } from "@zxcvbn-ts/language-common";
import { appendAuditEvent } from "@/lib/audit/actions";
import { hashAuthKey } from "@/lib/auth/authkey-hash";
import type { Actor } from "@/lib/auth/policy";
import { newTotpSecret, totpUri } from "@/lib/auth/totp";
import { orgRoles, type OrgRole } from "@/lib/auth/roles";
import { addMember } from "@/lib/cases/actions/team";
import { openCase } from "@/lib/cases/actions/open-case";
import { transitionCase } from "@/lib/cases/actions/transition";
import { CaseKeyring, createCaseKeys, grantCaseKey } from "@/lib/cases/case-keys";
import { sealFirstProfile } from "@/lib/cases/open-case-client";
import { sealRecord } from "@/lib/cases/records-client";
import type { MemberKeys, PersonProfile } from "@/lib/cases/schema";
import { enrolAccount, type UnlockedAccount } from "@/lib/crypto/account";
import { createDeadline } from "@/lib/deadlines/actions/create";
import { saveTestimonyVersion } from "@/lib/testimonies/actions/save-version";
import { emptyIncident, emptyTestimony, type ConsentPurpose, type ConsentStatus, type Testimony } from "@/lib/testimonies/schema";
import { sealTestimonyVersion } from "@/lib/testimonies/testimonies-client";
import { saveBundle } from "@/lib/bundles/actions/save";
import { appUrl } from "./app-url";
import { seedEvidence } from "./seed-evidence";
import { addDays, dueInstant } from "@/lib/deadlines/due";
import { deadlineLabelOf, type DeadlineDetails, type DeadlineKind } from "@/lib/deadlines/schema";
import { instantToZoned } from "@/lib/deadlines/zoned-time";
import { fromBase64url, wipe } from "@/lib/crypto/encoding";
import { DEFAULT_KDF_PARAMS, deriveKeys } from "@/lib/crypto/kdf";
import { closeDb, getDb } from "@/lib/db/client";
import { pinnedKeybook } from "@/lib/trust/keybook";
import { chainMember, headAfter, signTeamChange } from "@/lib/trust/membership-chain";

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
  const { stored, authKey, unlocked } = await enrolAccount(id, (salt) => deriveKeys(passphrase, salt, DEFAULT_KDF_PARAMS));
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
  const keys: MemberKeys = { userId: id, displayName: row.displayName, orgRole: role, active: true, boxPublicKey: stored.boxPublicKey, signPublicKey: stored.signPublicKey };
  return { row, printed, unlocked, keys };
}

const demoProfile: PersonProfile = {
  fullName: "Арман Сафаров",
  aliases: [{ name: "Arman Safarov" }, { name: "Arman Safaroff" }],
  dateOfBirth: "1987-05",
  nationalities: "Citizen of his home country; asylum claim pending here",
  languages: "Russian, Uzbek, basic English",
  currentLocation: "Shared flat in the capital (address with the coordinator only)",
  safeContact: "Signal only, evenings. Never call his old number: the police took that phone.",
  contacts: [{ name: "Дильноза Сафарова", relation: "Sister", details: "Still in the home country; her messages may be read." }],
  riskLevel: "critical",
  riskReason: "Detained and beaten by police in 2024 after a protest; a criminal case for 'fraud' was opened after he fled, and an extradition request is pending.",
  vulnerabilities: "Untreated injuries to the left hand; nightmares; no income.",
  notes: "Referred by a partner clinic. Demo data: every name here is invented.",
};

/** A realistic demo case, made through the same code the app uses: keys in lib/cases, writes in lib/cases/actions. */
async function seedCase(orgId: string, made: Record<OrgRole, { unlocked: UnlockedAccount; keys: MemberKeys }>) {
  const coordinator = made.coordinator;
  const actor = { userId: coordinator.unlocked.userId, orgId, role: "coordinator" as const };
  const caseId = randomUUID();
  const { caseKey, epoch, grant, link } = await createCaseKeys(caseId, coordinator.unlocked);
  const sealed = await sealFirstProfile({ caseId, caseKey, profile: demoProfile, author: coordinator.unlocked });
  const { reference } = await openCase(actor, { caseId, epoch, grant, link, ...sealed });
  let head = await headAfter(null, link);
  for (const [role, caseRole] of [["caseworker", "member"], ["lawyer", "member"]] as const) {
    const recipient = made[role].keys;
    const memberGrant = await grantCaseKey({ caseId, epoch: 1, caseKey, recipient, me: coordinator.unlocked, keybook: pinnedKeybook([recipient]) });
    const memberLink = await signTeamChange({ caseId, head, change: { add: chainMember(recipient, caseRole) }, me: coordinator.unlocked });
    await addMember(actor, { caseId, userId: recipient.userId, role: caseRole, grants: [memberGrant], link: memberLink });
    head = await headAfter(head, memberLink);
  }
  await transitionCase(actor, "lead", { caseId, transition: "start_documentation", reason: null });
  const reason = await sealRecord({ caseId, type: "transition_reason", id: randomUUID(), version: 1, epoch: 1, caseKey, value: { reason: "Arman is in hospital for surgery on his hand; interviews paused for two weeks." }, signed: { author: coordinator.unlocked, prev: null } });
  await transitionCase(actor, "lead", { caseId, transition: "hold", reason });
  await transitionCase(actor, "lead", { caseId, transition: "resume", reason: null });
  await seedDeadlines(actor, coordinator.unlocked, caseId, caseKey, made.lawyer.unlocked.userId);
  await seedTestimony(orgId, caseId, caseKey, made.caseworker.unlocked);
  const evidence = await seedEvidence({ orgId, caseId, caseKey, uploader: made.caseworker.unlocked, reviewer: made.lawyer.unlocked });
  // A bundle for the extradition hearing: the hand photo and the medical report.
  const bundleId = randomUUID();
  const lawyer = { userId: made.lawyer.unlocked.userId, orgId, role: "lawyer" as const };
  const bundleMeta = await sealRecord({ caseId, type: "bundle_meta", id: bundleId, version: 1, epoch: 1, caseKey, value: { name: "Extradition hearing — medical evidence", hearing: "Kentron District Court", notes: "" }, signed: { author: made.lawyer.unlocked, prev: null } });
  await saveBundle(lawyer, { caseId, bundleId, meta: bundleMeta, items: [{ evidenceId: evidence[0]! }, { evidenceId: evidence[2]! }] });
  wipe(caseKey);
  return reference;
}

/** A hearing in ten days, an appeal window and a filing already three days overdue, dated from today. */
async function seedDeadlines(actor: Actor, author: UnlockedAccount, caseId: string, caseKey: Uint8Array, lawyerId: string) {
  const today = instantToZoned(new Date(), "Asia/Yerevan").date;
  const base = { court: "", venue: "", courtCaseNumber: "", notes: "", outcome: "" };
  const deadlines: { kind: DeadlineKind; assigneeId: string; details: DeadlineDetails }[] = [
    {
      kind: "hearing",
      assigneeId: lawyerId,
      details: { ...base, title: "Extradition hearing", court: "Kentron District Court", venue: "Yerevan, courtroom 4", courtCaseNumber: "ԵԴ/0412/01/26", timeZone: "Asia/Yerevan", date: addDays(today, 10), time: "10:30", notes: "Interpreter booked (Russian–Armenian)." },
    },
    {
      kind: "appeal",
      assigneeId: lawyerId,
      details: { ...base, title: "Appeal against detention order", court: "Court of Appeal", timeZone: "Asia/Yerevan", date: addDays(today, 24), time: "" },
    },
    {
      kind: "filing",
      assigneeId: actor.userId,
      details: { ...base, title: "Submit medical report to the prosecutor", court: "Prosecutor's office", timeZone: "Asia/Yerevan", date: addDays(today, -3), time: "" },
    },
  ];
  for (const d of deadlines) {
    const id = randomUUID();
    const sealed = await sealRecord({ caseId, type: "deadline_details", id, version: 1, epoch: 1, caseKey, value: d.details, signed: { author, prev: null } });
    const label = await sealRecord({ caseId, type: "deadline_label", id: randomUUID(), version: 1, epoch: 1, caseKey, value: deadlineLabelOf(id, d.details), signed: { author, prev: null } });
    await createDeadline(actor, { caseId, deadline: { id, kind: d.kind, ...dueInstant(d.details), assigneeId: d.assigneeId, details: sealed, label } });
  }
}

/** Arman's testimony as first recorded, then a second version after a follow-up interview (with consent to use it in court). */
async function seedTestimony(orgId: string, caseId: string, caseKey: Uint8Array, author: UnlockedAccount) {
  const keyring = new CaseKeyring(caseId);
  keyring.set(1, new Uint8Array(caseKey));
  const target = { caseId, currentEpoch: 1, keyring };
  const actor = { userId: author.userId, orgId, role: "caseworker" as const };
  const testimonyId = randomUUID();
  const consent = (purpose: ConsentPurpose, status: ConsentStatus, date: string) => ({
    entryId: randomUUID(),
    purpose,
    status,
    date,
    method: status === "given" ? ("written" as const) : ("" as const),
    witnessedBy: status === "given" ? "Aram Caseworker" : "",
    recipients: [],
    notes: "",
  });
  const first: Testimony = {
    ...emptyTestimony,
    interview: { ...emptyTestimony.interview, date: "2026-10-14", time: "11:00", place: "Partner clinic, Yerevan", interviewer: "Aram Caseworker", interpreter: { name: "Lilit H.", languageFrom: "Armenian", languageTo: "Russian" }, language: "Armenian" },
    informant: { role: "person_at_risk", name: "Арман Сафаров", relation: "" },
    background: { ...emptyTestimony.background, circumstances: "Detained by police at a protest in Gyumri.", date: "2024-03", place: "Gyumri", reasonGiven: "None given at the time.", force: "Pushed to the ground, handcuffed." },
    detention: [{ place: "Gyumri police station", from: "2024-03", to: "2024-03", duration: "about three days", conditions: "Cold cell, no bed.", routine: "" }],
    incidents: [{ ...emptyIncident, dateFrom: "2024-03", location: "Interrogation room", methods: "Beaten; left hand struck repeatedly.", questions: "Asked to name the protest organisers.", coerced: "Made to sign a statement he could not read.", description: "Demo data: every detail here is invented." }],
    medicalCare: "None in detention; seen at the partner clinic in 2026.",
    narrative: "Меня задержали на площади. Три дня держали в отделе.\nDemo data: every detail here is invented.",
    consent: [consent("documentation", "given", "2026-10-14")],
  };
  const second: Testimony = {
    ...first,
    narrative: `${first.narrative}\nOn the second day they broke two fingers of my left hand.`,
    consent: [...first.consent, consent("legal_proceedings", "given", "2026-11-02")],
  };
  let previous: Testimony | null = null;
  for (const [version, value] of [first, second].entries()) {
    const sealed = await sealTestimonyVersion(target, author, { testimonyId, version: version + 1 }, value, previous);
    await saveTestimonyVersion(actor, { caseId, draftId: null, ...sealed });
    previous = value;
  }
  keyring.wipe();
}

async function main() {
  const db = await getDb();
  if ((await db.user.count()) > 0) {
    console.error("This database already has users; the demo seed only fills an empty one.");
    process.exitCode = 1;
    return;
  }
  const made = await Promise.all(orgRoles.map(demoUser));
  const orgId = await db.$transaction(async (tx) => {
    const org = await tx.organisation.create({ data: { name: organisation } });
    await tx.user.createMany({ data: made.map(({ row }) => ({ ...row, orgId: org.id })) });
    await appendAuditEvent(tx, { actorId: made[0]?.row.id ?? null, action: "setup.completed", data: { orgId: org.id, demo: true } });
    return org.id;
  });
  const byRole = Object.fromEntries(made.map((m) => [m.row.role, m])) as Record<OrgRole, (typeof made)[number]>;
  const reference = await seedCase(orgId, byRole);
  console.log(`Created "${organisation}" with demo case ${reference}. Sign in at ${appUrl()} as any of:\n`);
  console.log(made.map((m) => m.printed).join("\n"));
  console.log("\nAdd each TOTP secret to an authenticator app (or scan the otpauth:// URI as a QR code). Shown only now.");
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(closeDb);
