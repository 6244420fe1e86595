import {
  consentPurposes,
  recipientKey,
  type ConsentEntry,
  type ConsentMethod,
  type ConsentPurpose,
  type ConsentStatus,
  type Testimony,
} from "./schema";

// Consent rules, pure. Input: the consent log of ONE testimony version — the
// latest saved one when a rule "is checked where it matters".
//
// Model (see schema.ts): `consent` is an append-only log of entries, each for
// one purpose, in the order they were recorded. Nothing is ever erased: a later
// entry supersedes an earlier one for the same purpose, and every version keeps
// the whole log of the version before it as a prefix (consentLogProblems).
//
// - consentState(t, purpose) is the status of the LAST entry for that purpose,
//   "not_asked" when there is none. So "given" then "withdrawn" is withdrawn;
//   "withdrawn" then a fresh "given" is given again (the person changed their
//   mind once more, and that too is on record).
// - third_party_sharing is consent per NAMED recipient: an entry names whom it
//   covers; a refusal or withdrawal naming nobody covers everyone named so
//   far. The purpose is "given" while at least one recipient is; otherwise it
//   is the last entry's status. Who exactly: sharingRecipients().
// - allowsLegalUse: legal_proceedings is "given" (and not withdrawn or refused
//   since). Required for an export or bundle that includes the testimony.
// - recordsConsent (the legal_review workflow guard): documentation is
//   "given". Legal review is the NGO's own lawyers working on the record, which
//   the documentation consent covers; the testimony cannot LEAVE the NGO (an
//   export or court bundle) without allowsLegalUse.

export type ConsentLog = Pick<Testimony, "consent">;

export type RecipientConsent = { name: string; state: ConsentStatus; date: string };

function entriesFor(testimony: ConsentLog, purpose: ConsentPurpose): ConsentEntry[] {
  return testimony.consent.filter((e) => e.purpose === purpose);
}

/** Each named recipient of third-party sharing with the state of their last entry, in order of first mention. */
export function sharingRecipients(testimony: ConsentLog): RecipientConsent[] {
  const byKey = new Map<string, RecipientConsent>();
  for (const entry of entriesFor(testimony, "third_party_sharing")) {
    if (entry.status === "not_asked") continue;
    if (entry.recipients.length === 0) {
      // A refusal or withdrawal naming nobody covers everyone named so far; a
      // "given" naming nobody gives nothing (the strict schema refuses it).
      if (entry.status === "given") continue;
      for (const r of byKey.values()) {
        r.state = entry.status;
        r.date = entry.date;
      }
      continue;
    }
    for (const { name } of entry.recipients) {
      byKey.set(recipientKey(name), { name, state: entry.status, date: entry.date });
    }
  }
  return [...byKey.values()];
}

/** Whether the testimony may be shared with `name` (compared case- and space-insensitively). */
export function allowsSharingWith(testimony: ConsentLog, name: string): boolean {
  const key = recipientKey(name);
  return sharingRecipients(testimony).some((r) => r.state === "given" && recipientKey(r.name) === key);
}

/** The current state of consent for `purpose`: the last entry's status, "not_asked" without one. */
export function consentState(testimony: ConsentLog, purpose: ConsentPurpose): ConsentStatus {
  const entries = entriesFor(testimony, purpose);
  const last = entries.at(-1);
  if (!last) return "not_asked";
  if (purpose !== "third_party_sharing") return last.status;
  if (sharingRecipients(testimony).some((r) => r.state === "given")) return "given";
  // Nobody may receive it: the last refusal or withdrawal ("given" to nobody gives nothing).
  return entries.findLast((e) => e.status !== "given")?.status ?? "not_asked";
}

/** Use in legal proceedings is consented: required for an export or bundle including the testimony. */
export function allowsLegalUse(testimony: ConsentLog): boolean {
  return consentState(testimony, "legal_proceedings") === "given";
}

/** Anonymised publication / advocacy is consented. */
export function allowsPublication(testimony: ConsentLog): boolean {
  return consentState(testimony, "anonymised_publication") === "given";
}

/**
 * The workflow guard for legal_review: the testimony records consent, i.e.
 * documentation by the NGO is given and not withdrawn or refused since.
 */
export function recordsConsent(testimony: ConsentLog): boolean {
  return consentState(testimony, "documentation") === "given";
}

export type PurposeSummary = {
  purpose: ConsentPurpose;
  state: ConsentStatus;
  /** Date and method of the last entry for the purpose ("" when not asked). */
  date: string;
  method: ConsentMethod | "";
  /** third_party_sharing only (empty otherwise). */
  recipients: RecipientConsent[];
};

/** One line per purpose, in consentPurposes order, for lists and the testimony header. */
export function consentSummary(testimony: ConsentLog): PurposeSummary[] {
  return consentPurposes.map((purpose) => {
    const last = entriesFor(testimony, purpose).at(-1);
    return {
      purpose,
      state: consentState(testimony, purpose),
      date: last?.date ?? "",
      method: last?.method ?? "",
      recipients: purpose === "third_party_sharing" ? sharingRecipients(testimony) : [],
    };
  });
}

/** The two facts other features check (workflow guard, export), from the latest version. */
export function consentFacts(testimony: ConsentLog): { recordsConsent: boolean; allowsLegalUse: boolean } {
  return { recordsConsent: recordsConsent(testimony), allowsLegalUse: allowsLegalUse(testimony) };
}
