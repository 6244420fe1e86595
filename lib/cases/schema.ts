import { z } from "zod";
import { base64urlOfBytes, base64urlSchema } from "@/lib/encoding/base64url";
import { isCanonicalId } from "@/lib/ids/parse-id";
import { pageLimitSchema, timeIdCursorSchema } from "@/lib/paging/cursor";
import { workflowStates } from "@/lib/workflow/states";
import { caseRoles } from "@/lib/auth/roles";
import { chainLinkWireSchema, type ChainLinkWire } from "@/lib/trust/chain-schema";

// Cases: the plaintext shapes the browser fills and reads, and the sealed
// shapes on the wire. The server sees only what DESIGN.md §3 allows: ids, the
// reference code, workflow state, members and roles, epochs, sealed grants,
// record ids/types/versions/sizes — never a name or a note.

const sealedBlob = (maxBytes: number) => base64urlSchema().max(Math.ceil((maxBytes * 4) / 3));

export const caseRoleSchema = z.enum(caseRoles);

// ---- plaintext: the person at risk (encrypted as a "person_profile" record) ----

export const riskLevels = ["low", "medium", "high", "critical"] as const;
const text = (max: number) => z.string().trim().max(max, "text.tooLong");

export const personProfileSchema = z.object({
  fullName: z.string().trim().min(1, "profile.nameRequired").max(300, "text.tooLong"),
  aliases: z.array(z.object({ name: z.string().trim().min(1, "profile.aliasEmpty").max(300, "text.tooLong") })).max(50),
  dateOfBirth: z
    .string()
    .trim()
    .regex(/^$|^\d{4}(-\d{2}(-\d{2})?)?$/, "profile.dateFormat"),
  nationalities: text(500),
  languages: text(500),
  currentLocation: text(2000),
  safeContact: text(2000),
  contacts: z
    .array(
      z.object({
        name: z.string().trim().min(1, "profile.contactName").max(300, "text.tooLong"),
        relation: text(200),
        details: text(1000),
      }),
    )
    .max(50),
  riskLevel: z.enum(riskLevels),
  riskReason: text(4000),
  vulnerabilities: text(4000),
  notes: text(20000),
});
export type PersonProfile = z.infer<typeof personProfileSchema>;

/**
 * Sealed as the "person_label" record, with every profile version: what
 * views across cases show of the person (name, aliases, risk level), so the
 * dashboard and the case list fetch this instead of the whole profile.
 */
export const personLabelSchema = personProfileSchema.pick({ fullName: true, aliases: true, riskLevel: true }).strict();
export type PersonLabel = z.infer<typeof personLabelSchema>;

/** The person's label as the profile it goes with says it. */
export const personLabelOf = (profile: PersonProfile): PersonLabel => ({ fullName: profile.fullName, aliases: profile.aliases, riskLevel: profile.riskLevel });
export type RiskLevel = PersonProfile["riskLevel"];

/**
 * The form's schema: a new profile starts with no risk level (a preselected
 * one gets saved unread), so the form holds "" until the person chooses.
 * What it yields is a stored profile; stored profiles keep their level.
 */
export const personProfileFormSchema = personProfileSchema.extend({
  riskLevel: z.union([z.enum(riskLevels), z.literal("")]).pipe(z.enum(riskLevels, { error: "profile.riskRequired" })),
});
export type PersonProfileDraft = z.input<typeof personProfileFormSchema>;

export const emptyProfile: PersonProfileDraft = {
  fullName: "",
  aliases: [],
  dateOfBirth: "",
  nationalities: "",
  languages: "",
  currentLocation: "",
  safeContact: "",
  contacts: [],
  riskLevel: "",
  riskReason: "",
  vulnerabilities: "",
  notes: "",
};

export const transitionReasonSchema = z.object({ reason: z.string().trim().max(4000, "text.tooLong") });

// ---- wire: sealed key material and records ----

export const recordTypes = ["person_profile", "transition_reason", "person_label", "deadline_details", "deadline_label", "testimony", "testimony_draft", "evidence_meta", "evidence_thumbnail", "review_note", "bundle_meta"] as const;
export type RecordType = (typeof recordTypes)[number];

/** Sealed size caps: a testimony's narrative may run to megabytes; everything else is small. */
const MIB = 1024 * 1024;
const largeRecordTypes: ReadonlySet<RecordType> = new Set(["testimony", "testimony_draft"]);
/** What lists show (a title and zone; a name, 50 aliases and a risk level): a label that grows past this is not a label. */
const labelRecordTypes: ReadonlySet<RecordType> = new Set(["deadline_label", "person_label"]);
export const recordSizeCap = (type: RecordType) => (largeRecordTypes.has(type) ? 6 * MIB : labelRecordTypes.has(type) ? 32 * 1024 : MIB);

export const epochWireSchema = z.object({
  epoch: z.number().int().min(1),
  createdById: z.uuid(),
  keyCheckValue: base64urlOfBytes(32),
  signature: base64urlOfBytes(64),
});
export type EpochWire = z.infer<typeof epochWireSchema>;

export const grantWireSchema = z.object({
  epoch: z.number().int().min(1),
  recipientId: z.uuid(),
  sealedKey: sealedBlob(128),
  signerId: z.uuid(),
  signature: base64urlOfBytes(64),
});
export type GrantWire = z.infer<typeof grantWireSchema>;

export const sealedRecordWireSchema = z
  .object({
    id: z.uuid(),
    version: z.number().int().min(1),
    type: z.enum(recordTypes),
    epoch: z.number().int().min(1),
    contentSealed: sealedBlob(6 * 1024 * 1024),
  })
  .refine((r) => r.contentSealed.length <= Math.ceil((recordSizeCap(r.type) * 4) / 3), { path: ["contentSealed"], message: "record.tooLarge" });
export type SealedRecordWire = z.infer<typeof sealedRecordWireSchema>;
/** A sealed record as the browser receives it: who stored it and when (the server's word; the signature inside says who wrote it). */
export type SealedRecordView = SealedRecordWire & { authorId: string; createdAt: string };

/** Opening a case: its id (made in the browser), epoch 1, the creator's own grant and the profile. */
export const openCaseWireSchema = z.object({
  caseId: z.uuid(),
  epoch: epochWireSchema.refine((e) => e.epoch === 1, "epoch.first"),
  grant: grantWireSchema,
  /** Statement 1 of the membership chain: the creator alone, as lead. */
  link: chainLinkWireSchema,
  profile: sealedRecordWireSchema.refine((r) => r.type === "person_profile" && r.version === 1 && r.epoch === 1, "profile.first"),
  label: sealedRecordWireSchema.refine((r) => r.type === "person_label" && r.version === 1 && r.epoch === 1, "label.first"),
});
export type OpenCaseWire = z.infer<typeof openCaseWireSchema>;

/** Most case summaries one request may ask for (GET /api/cases/summaries): two dashboard pages' worth. */
export const maxSummariesPerRequest = 100;

/** GET /api/cases/summaries?ids=<id>,<id>…: canonical ids only, none twice. */
export const caseSummariesQuerySchema = z.object({
  ids: z
    .string("summaries.ids")
    .transform((v) => v.split(","))
    .pipe(z.array(z.string().refine(isCanonicalId, "summaries.ids")).min(1, "summaries.ids").max(maxSummariesPerRequest, "summaries.tooMany"))
    .refine((ids) => new Set(ids).size === ids.length, "summaries.ids"),
});

/** A new profile version and, with it, the next version of the person's label. */
export const saveProfileWireSchema = z.object({ caseId: z.uuid(), record: sealedRecordWireSchema, label: sealedRecordWireSchema });

/** Every epoch's key, 1 to the current, one grant each: records stay under the epoch they were written in. */
const everyEpochGrants = z.array(grantWireSchema).min(1).max(1000);

export const addMemberWireSchema = z.object({ caseId: z.uuid(), userId: z.uuid(), role: caseRoleSchema, grants: everyEpochGrants, link: chainLinkWireSchema });

export const reshareWireSchema = z.object({ caseId: z.uuid(), userId: z.uuid(), grants: everyEpochGrants, link: chainLinkWireSchema });

/** Removing a member: the new epoch, sealed to every remaining member. */
export const removeMemberWireSchema = z.object({
  caseId: z.uuid(),
  userId: z.uuid(),
  epoch: epochWireSchema,
  grants: z.array(grantWireSchema).min(1).max(200),
  link: chainLinkWireSchema,
});

export const transitionWireSchema = z.object({
  caseId: z.uuid(),
  transition: z.string().min(1).max(64),
  reason: sealedRecordWireSchema.refine((r) => r.type === "transition_reason" && r.version === 1, "reason.type").nullable(),
});

// ---- what the browser receives ----

/** An org user's public keys (for sealing to them and verifying what they signed). */
export type MemberKeys = { userId: string; displayName: string; orgRole: string; active: boolean; boxPublicKey: string; signPublicKey: string };

export type CaseRole = z.infer<typeof caseRoleSchema>;

/** A signing key someone held before an admin reset (checks their old signatures only). */
export type FormerSigner = { userId: string; signPublicKey: string };

/**
 * Whose signature counts: a user id and a signing key, and for a key the
 * person has since replaced (lib/trust/keybook.ts, retired keys), the ISO
 * instant after which it signs nothing.
 */
export type Signer = Pick<MemberKeys, "userId" | "signPublicKey"> & {
  until?: string;
  /** The X25519 key paired with this signing key (a bundle names both, for the fingerprint). */
  boxPublicKey?: string;
};

/** Whether `signer` may have signed something dated `signedAt` (ISO instants compare as strings). */
export const signerValidAt = (signer: Signer, signedAt: string) => signer.until === undefined || signedAt <= signer.until;

export type CaseSummary = {
  id: string;
  reference: string;
  state: string;
  heldFrom: string | null;
  myRole: CaseRole;
  updatedAt: string;
  currentEpoch: number;
  memberIds: string[];
  epochs: EpochWire[];
  myGrants: GrantWire[];
  /** The membership chain, statement 1 first (verified in the browser: lib/trust/membership-chain.ts). */
  chain: ChainLinkWire[];
  /** The latest version of the person profile (null in a summary that carries the label instead). */
  profile: (SealedRecordWire & { authorId: string; createdAt: string }) | null;
  /** The latest version of the person's label; null for a case whose profile was last saved before labels. */
  personLabel: SealedRecordWire | null;
};

/**
 * A case as views across cases name it: what is shown in plaintext, and what
 * decides whether the browser already holds its opened keys and profile
 * (lib/cases/opened-cases.ts) — epoch, membership chain head, profile
 * version. Keys and profile come from GET /api/cases/summaries, only for
 * cases it does not hold.
 */
export type CaseRefWire = {
  id: string;
  reference: string;
  state: string;
  currentEpoch: number;
  /** "<seq>:<sha256 of the head statement's signature>"; null for a case without a chain. */
  chainHead: string | null;
  profileVersion: number | null;
};

/** GET /api/cases's answer: one page of the caller's cases, most recently changed first. */
export type CasePage = {
  total: number;
  cases: (CaseRefWire & { myRole: CaseRole; updatedAt: string })[];
  next: string | null;
};

/** Rows per case-list page unless asked otherwise; at most `maxCasePage` (the search index reads whole pages). */
export const casePageSize = 50;
export const maxCasePage = 200;

/** GET /api/cases's query string. */
export const casePageQuerySchema = z.object({
  state: z.enum(workflowStates, "cases.state").optional(),
  role: z.enum(caseRoles, "cases.role").optional(),
  after: timeIdCursorSchema("cases.cursor").optional(),
  limit: pageLimitSchema("cases.limit", maxCasePage, casePageSize),
});
export type CasePageQueryWire = z.input<typeof casePageQuerySchema>;

export type CaseList = { people: MemberKeys[]; formerSigners: FormerSigner[]; cases: CaseSummary[] };

export type CaseMemberView = { userId: string; caseRole: CaseRole; needsKeyShare: boolean; addedAt: string };

export type TransitionView = { id: string; transition: string; fromState: string; toState: string; actorId: string; at: string; reasonRecordId: string | null };

export type CaseDetail = CaseSummary & {
  people: MemberKeys[];
  formerSigners: FormerSigner[];
  members: CaseMemberView[];
  profileVersions: { version: number; authorId: string; createdAt: string; size: number }[];
  /** The workflow reasons (each feature loads its own records: deadlines, testimonies…). */
  records: (SealedRecordWire & { authorId: string; createdAt: string })[];
  transitions: TransitionView[];
  /** How much is on the case so far (plaintext row counts): what the next-steps list checks. */
  counts: CaseCounts;
};

export type CaseCounts = { testimonies: number; evidence: number; deadlines: number };
