import { z } from "zod";

// Testimonies (issue 5), following the Istanbul Protocol's interview record.
// The whole record is the plaintext of one "testimony" record version, sealed
// under the case key in the browser; the server sees only id, case, version,
// author, times and size (DESIGN.md §3). Every field is a trimmed string with a
// maximum (never undefined: react-hook-form defaults), lists are arrays of
// objects (useFieldArray), and error messages are i18n keys under `errors.`.
//
// Decisions:
// - Two schemas with one shape. `testimonyDraftSchema` (lenient) checks only
//   types, formats and maximum lengths, so a half-written draft can be kept.
//   `testimonySchema` (strict) is the one a version is SAVED (sealed and signed)
//   with: interview date, informant name and narrative are required, list rows
//   may not be blank, date ranges run forwards, and the consent log obeys the
//   rules below.
// - Incidents are NOT required: a testimony may document only the arrest or
//   contact, the detention, or be a witness's account. A blank incident row is
//   refused on save, so an incident that exists says something.
// - Consent entries are NOT required to save: an interview can be recorded
//   before consent for every purpose is settled. What needs consent checks it
//   (consent.ts): the legal_review guard, exports and bundles.
// - Dates are "YYYY-MM-DD", or partial "YYYY-MM" / "YYYY" (survivors often
//   remember approximately), years 1900–2100, real calendar days only. Times
//   are free text ("approx. 3 am", "after the evening prayer").
// - Consent is an append-only LOG of dated entries (`consent`), each for one
//   purpose; the state of a purpose is its last entry (see consent.ts). A
//   withdrawal is a new entry in a new version: nothing is erased, and the log
//   of every older version stays a prefix of the newer one
//   (consentLogProblems). Strict save: answered entries need a date, "given"
//   needs how it was given, sharing needs the named recipients, "withdrawn"
//   needs something given before it, "not_asked" cannot follow an answer, and
//   dates within a purpose never go backwards.
// - Lengths are counted in UTF-16 code units (what zod and a textarea count).
//   The narrative is capped at TESTIMONY_NARRATIVE_MAX = 2,000,000: up to
//   ~6 MB of UTF-8, so the sealed record needs a larger wire cap than the
//   1 MiB of sealedRecordWireSchema (a 200 KB Cyrillic narrative is ~0.4 MB).

export const consentPurposes = ["documentation", "legal_proceedings", "third_party_sharing", "anonymised_publication"] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export const consentStatuses = ["given", "refused", "withdrawn", "not_asked"] as const;
export type ConsentStatus = (typeof consentStatuses)[number];

export const consentMethods = ["written", "oral", "recorded"] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export const informantRoles = ["person_at_risk", "witness"] as const;
export type InformantRole = (typeof informantRoles)[number];

export const TESTIMONY_NARRATIVE_MAX = 2_000_000;
export const TESTIMONY_LIST_MAX = 100;
export const CONSENT_LOG_MAX = 200;
export const EVIDENCE_LINKS_MAX = 500;

// ---- dates ----

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** "YYYY", "YYYY-MM" or "YYYY-MM-DD", a real calendar date, years 1900–2100. */
export function isPartialDate(value: string): boolean {
  const m = PARTIAL_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < 1900 || year > 2100) return false;
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

/**
 * Order of two valid partial dates on the precision they share: "2024-05" and
 * "2024-05-10" compare equal (0), "2024" < "2025-01". Empty dates compare equal
 * to everything (unknown).
 */
export function comparePartialDates(a: string, b: string): -1 | 0 | 1 {
  const length = Math.min(a.length, b.length);
  const x = a.slice(0, length);
  const y = b.slice(0, length);
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---- field builders ----

const text = (max: number) => z.string().trim().max(max, "text.tooLong");
const required = (max: number, key: string) => z.string().trim().min(1, key).max(max, "text.tooLong");
const partialDate = z
  .string()
  .trim()
  .refine((s) => s === "" || isPartialDate(s), "testimony.dateFormat");
const requiredPartialDate = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    if (s === "") ctx.addIssue({ code: "custom", message: "testimony.dateRequired" });
    else if (!isPartialDate(s)) ctx.addIssue({ code: "custom", message: "testimony.dateFormat" });
  });
/** Free text: "approx. 3 am", "at dawn". */
const approxTime = text(100);
const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, "testimony.choice");

type Ctx = z.RefinementCtx;

/** Every string empty and every list empty, however deep. */
export function isBlank(value: unknown): boolean {
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.every(isBlank);
  if (value !== null && typeof value === "object") return Object.values(value).every(isBlank);
  return false;
}

function requireRange(ctx: Ctx, from: string, to: string, path: (string | number)[]) {
  if (from && to && isPartialDate(from) && isPartialDate(to) && comparePartialDates(from, to) > 0) {
    ctx.addIssue({ code: "custom", path, message: "testimony.dateRange" });
  }
}

/** Strict rows: not blank. Draft rows: anything within the limits. */
function row<S extends z.ZodRawShape>(shape: S, strict: boolean, blankKey: string, blankPath: keyof S & string) {
  const object = z.object(shape);
  if (!strict) return object;
  return object.superRefine((value, ctx) => {
    if (isBlank(value)) ctx.addIssue({ code: "custom", path: [blankPath], message: blankKey });
  });
}

// ---- the record, in a lenient (draft) and a strict (save) flavour ----

function build(strict: boolean) {
  const interviewDate = strict ? requiredPartialDate : partialDate;
  const person = () =>
    row({ name: text(300), role: text(300), details: text(4000) }, strict, "testimony.rowEmpty", "name");

  const interpreter = z.object({
    name: text(300),
    /** The language pair, e.g. "Chechen" → "Russian". */
    languageFrom: text(100),
    languageTo: text(100),
  });

  const interview = z.object({
    date: interviewDate,
    time: approxTime,
    place: text(500),
    interviewer: text(300),
    /** The language the person spoke. */
    language: text(100),
    interpreter,
    /** Everyone else in the room, and why. */
    present: z.array(person()).max(50, "testimony.tooMany"),
  });

  const informant = z.object({
    role: choice(informantRoles),
    name: strict ? required(300, "testimony.informantNameRequired") : text(300),
    /** For a witness: relation to the person at risk / the case. */
    relation: text(500),
  });

  const background = z.object({
    /** How the person came into custody or contact (arrest, summons, abduction, at a border…). */
    circumstances: text(20_000),
    date: partialDate,
    time: approxTime,
    place: text(1000),
    reasonGiven: text(4000),
    force: text(10_000),
    restraints: text(4000),
  });

  const detentionShape = {
    place: text(1000),
    from: partialDate,
    to: partialDate,
    /** As the person puts it: "about three weeks". */
    duration: text(200),
    conditions: text(20_000),
    routine: text(20_000),
  };
  const detention = strict
    ? row(detentionShape, true, "testimony.detentionEmpty", "place").superRefine((d, ctx) => requireRange(ctx, d.from, d.to, ["to"]))
    : z.object(detentionShape);

  const perpetrator = row(
    { name: text(300), rank: text(200), unit: text(500), uniform: text(1000), description: text(4000) },
    strict,
    "testimony.rowEmpty",
    "name",
  );

  const incidentShape = {
    dateFrom: partialDate,
    dateTo: partialDate,
    time: approxTime,
    location: text(1000),
    perpetrators: z.array(perpetrator).max(50, "testimony.tooMany"),
    vehicles: text(2000),
    weapons: text(2000),
    methods: text(20_000),
    /** What was asked or said. */
    questions: text(20_000),
    /** What the person was made to sign or say. */
    coerced: text(20_000),
    description: text(50_000),
  };
  const incident = strict
    ? row(incidentShape, true, "testimony.incidentEmpty", "description").superRefine((i, ctx) =>
        requireRange(ctx, i.dateFrom, i.dateTo, ["dateTo"]),
      )
    : z.object(incidentShape);

  const effects = z.object({
    physicalImmediate: text(20_000),
    physicalLasting: text(20_000),
    psychologicalImmediate: text(20_000),
    psychologicalLasting: text(20_000),
  });

  const evidenceLink = z.object({ evidenceId: z.uuid("testimony.evidenceId"), note: text(1000) });

  const recipient = z.object({ name: required(300, "consent.recipientName") });
  const entryShape = {
    /** Made in the browser when the entry is added; never changes afterwards. */
    entryId: z.uuid("consent.entryId"),
    purpose: choice(consentPurposes),
    status: choice(consentStatuses),
    date: partialDate,
    method: choice([...consentMethods, ""]),
    witnessedBy: text(300),
    /** third_party_sharing only: the named lawyers, UN bodies, courts… this entry covers. */
    recipients: z.array(recipient).max(50, "testimony.tooMany"),
    notes: text(4000),
  };
  const consentEntry = strict ? z.object(entryShape).superRefine(checkEntry) : z.object(entryShape);
  const consentLog = z.array(consentEntry).max(CONSENT_LOG_MAX, "testimony.tooMany");

  const narrative = strict
    ? required(TESTIMONY_NARRATIVE_MAX, "testimony.narrativeRequired")
    : text(TESTIMONY_NARRATIVE_MAX);

  return z.object({
    interview,
    informant,
    background,
    detention: z.array(detention).max(TESTIMONY_LIST_MAX, "testimony.tooMany"),
    incidents: z.array(incident).max(TESTIMONY_LIST_MAX, "testimony.tooMany"),
    effects,
    medicalCare: text(20_000),
    witnesses: z.array(person()).max(TESTIMONY_LIST_MAX, "testimony.tooMany"),
    /** Other people held or treated the same way. */
    othersAffected: z.array(person()).max(TESTIMONY_LIST_MAX, "testimony.tooMany"),
    /** The interviewer's own observations (demeanour, visible marks, breaks taken). */
    interviewerNotes: text(20_000),
    /** In the person's own words. */
    narrative,
    evidence: strict
      ? z.array(evidenceLink).max(EVIDENCE_LINKS_MAX, "testimony.tooMany").superRefine(checkEvidenceUnique)
      : z.array(evidenceLink).max(EVIDENCE_LINKS_MAX, "testimony.tooMany"),
    consent: strict ? consentLog.superRefine(checkConsentLog) : consentLog,
  });
}

type EntryShape = {
  entryId: string;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  date: string;
  method: ConsentMethod | "";
  recipients: { name: string }[];
};

function checkEntry(e: EntryShape, ctx: Ctx) {
  if (e.status !== "not_asked" && e.date === "") ctx.addIssue({ code: "custom", path: ["date"], message: "consent.dateRequired" });
  if (e.status === "given" && e.method === "") ctx.addIssue({ code: "custom", path: ["method"], message: "consent.methodRequired" });
  if (e.purpose !== "third_party_sharing" && e.recipients.length > 0) {
    ctx.addIssue({ code: "custom", path: ["recipients"], message: "consent.recipientsOnlyForSharing" });
  }
  if (e.purpose === "third_party_sharing" && e.status === "given" && e.recipients.length === 0) {
    ctx.addIssue({ code: "custom", path: ["recipients"], message: "consent.recipientsRequired" });
  }
}

/** The normalised form two recipient names are compared in. */
export function recipientKey(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("und");
}

function checkConsentLog(log: EntryShape[], ctx: Ctx) {
  const ids = new Set<string>();
  const last = new Map<ConsentPurpose, EntryShape>();
  const givenTo = new Map<ConsentPurpose, Set<string>>();
  log.forEach((e, i) => {
    if (ids.has(e.entryId)) ctx.addIssue({ code: "custom", path: [i, "entryId"], message: "consent.duplicateEntry" });
    ids.add(e.entryId);
    const previous = last.get(e.purpose);
    const given = givenTo.get(e.purpose) ?? new Set<string>();
    if (previous && e.status === "not_asked") {
      ctx.addIssue({ code: "custom", path: [i, "status"], message: "consent.notAskedAfterAnswer" });
    }
    if (previous && previous.date && e.date && isPartialDate(previous.date) && isPartialDate(e.date) && comparePartialDates(previous.date, e.date) > 0) {
      ctx.addIssue({ code: "custom", path: [i, "date"], message: "consent.dateOrder" });
    }
    if (e.status === "withdrawn") {
      const covered =
        e.purpose === "third_party_sharing" && e.recipients.length > 0
          ? e.recipients.every((r) => given.has(recipientKey(r.name)))
          : given.size > 0;
      if (!covered) ctx.addIssue({ code: "custom", path: [i, "status"], message: "consent.withdrawnWithoutGiven" });
    }
    if (e.status === "given") {
      if (e.purpose === "third_party_sharing") for (const r of e.recipients) given.add(recipientKey(r.name));
      else given.add("");
    }
    givenTo.set(e.purpose, given);
    last.set(e.purpose, e);
  });
}

function checkEvidenceUnique(links: { evidenceId: string }[], ctx: Ctx) {
  const seen = new Set<string>();
  links.forEach((l, i) => {
    const id = l.evidenceId.toLowerCase();
    if (seen.has(id)) ctx.addIssue({ code: "custom", path: [i, "evidenceId"], message: "testimony.evidenceDuplicate" });
    seen.add(id);
  });
}

/** Saving a version: the record as it is sealed and signed. */
export const testimonySchema = build(true);
/** Keeping a draft: same shape, only types, formats and maxima. */
export const testimonyDraftSchema = build(false);

export type Testimony = z.infer<typeof testimonySchema>;
export type TestimonyDraft = z.infer<typeof testimonyDraftSchema>;
export type Interview = Testimony["interview"];
export type Informant = Testimony["informant"];
export type Background = Testimony["background"];
export type Detention = Testimony["detention"][number];
export type Incident = Testimony["incidents"][number];
export type Perpetrator = Incident["perpetrators"][number];
export type PersonRow = Testimony["witnesses"][number];
export type Effects = Testimony["effects"];
export type EvidenceLink = Testimony["evidence"][number];
export type ConsentEntry = Testimony["consent"][number];

// Sub-schemas, for field-level validation in the form (strict flavour).
export const interviewSchema = testimonySchema.shape.interview;
export const informantSchema = testimonySchema.shape.informant;
export const backgroundSchema = testimonySchema.shape.background;
export const detentionSchema = testimonySchema.shape.detention.element;
export const incidentSchema = testimonySchema.shape.incidents.element;
export const personRowSchema = testimonySchema.shape.witnesses.element;
export const effectsSchema = testimonySchema.shape.effects;
export const evidenceLinkSchema = testimonySchema.shape.evidence.element;
export const consentEntrySchema = testimonySchema.shape.consent.element;

// ---- empty values for the form ----

export const emptyPersonRow: PersonRow = { name: "", role: "", details: "" };

export const emptyPerpetrator: Perpetrator = { name: "", rank: "", unit: "", uniform: "", description: "" };

export const emptyDetention: Detention = { place: "", from: "", to: "", duration: "", conditions: "", routine: "" };

export const emptyIncident: Incident = {
  dateFrom: "",
  dateTo: "",
  time: "",
  location: "",
  perpetrators: [],
  vehicles: "",
  weapons: "",
  methods: "",
  questions: "",
  coerced: "",
  description: "",
};

/** A new consent entry; `entryId` comes from crypto.randomUUID() in the browser. */
export function emptyConsentEntry(entryId: string, purpose: ConsentPurpose): ConsentEntry {
  return { entryId, purpose, status: "given", date: "", method: "", witnessedBy: "", recipients: [], notes: "" };
}

export const emptyTestimony: Testimony = {
  interview: {
    date: "",
    time: "",
    place: "",
    interviewer: "",
    language: "",
    interpreter: { name: "", languageFrom: "", languageTo: "" },
    present: [],
  },
  informant: { role: "person_at_risk", name: "", relation: "" },
  background: { circumstances: "", date: "", time: "", place: "", reasonGiven: "", force: "", restraints: "" },
  detention: [],
  incidents: [],
  effects: { physicalImmediate: "", physicalLasting: "", psychologicalImmediate: "", psychologicalLasting: "" },
  medicalCare: "",
  witnesses: [],
  othersAffected: [],
  interviewerNotes: "",
  narrative: "",
  evidence: [],
  consent: [],
};

// ---- across versions ----

export type ConsentLogProblem = { index: number; message: "consent.entryRemoved" | "consent.entryChanged" };

/**
 * The consent log is append-only across versions: every entry of the previous
 * version must still be there, unchanged and in the same place, in the next.
 * Empty when `next` only appends. A save path refuses a version with problems.
 */
export function consentLogProblems(previous: Pick<Testimony, "consent">, next: Pick<Testimony, "consent">): ConsentLogProblem[] {
  const problems: ConsentLogProblem[] = [];
  previous.consent.forEach((before, index) => {
    const after = next.consent[index];
    if (!after || after.entryId !== before.entryId) {
      problems.push({ index, message: next.consent.some((e) => e.entryId === before.entryId) ? "consent.entryChanged" : "consent.entryRemoved" });
    } else if (!sameEntry(before, after)) {
      problems.push({ index, message: "consent.entryChanged" });
    }
  });
  return problems;
}

function sameEntry(a: ConsentEntry, b: ConsentEntry): boolean {
  return (
    a.entryId === b.entryId &&
    a.purpose === b.purpose &&
    a.status === b.status &&
    a.date === b.date &&
    a.method === b.method &&
    a.witnessedBy === b.witnessedBy &&
    a.notes === b.notes &&
    a.recipients.length === b.recipients.length &&
    a.recipients.every((r, i) => r.name === b.recipients[i]?.name)
  );
}
