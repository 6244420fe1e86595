/**
 * Sealing and opening case records in the browser.
 *
 * Must always hold (DESIGN.md §2):
 * - A record is sealed under the case key of its epoch with
 *   AD = recordAd({caseId, recordType, recordId, version}); a ciphertext moved
 *   to another case, type, id or version fails to open ("damaged").
 * - The epoch is NOT in the AD (the key that opens it already names the
 *   epoch); the author's signature inside covers it (record-signature.ts).
 * - Every type but testimonies is sealed with its author's signature
 *   (record-signature.ts); openRecord returns a value only after it
 *   decrypted, its signature held against the epoch's authors AND it passed
 *   the given zod schema. The two failures are distinct: CryptoError("damaged" |
 *   "wrong_version") for a ciphertext that does not open (tampering, wrong key,
 *   moved), RecordSchemaError for a record that opened but is not the shape
 *   this client expects (written by another client version). Neither carries
 *   plaintext.
 */
import "client-only";
import type { z } from "zod";
import { recordAd } from "@/lib/crypto/ad";
import { CryptoError } from "@/lib/crypto/errors";
import { ClientError } from "@/lib/errors/client-error";
import { envelopeFromBase64url, envelopeToBase64url, openJson, sealJson } from "@/lib/crypto/records";
import { isSignedRecordType, signRecordContent, verifyRecordContent, type EpochAuthors, type RecordAuthor, type VerifiedContent } from "./record-signature";
import { sealedRecordWireSchema, type RecordType, type SealedRecordWire } from "./schema";

/** A record that decrypted but does not match the schema it was opened with. Holds no plaintext. */
export class RecordSchemaError extends ClientError<"invalid_record"> {
  override readonly name = "RecordSchemaError";

  constructor(
    readonly recordType: RecordType,
    readonly recordId: string,
    readonly version: number,
  ) {
    super("invalid_record", `record ${recordType} ${recordId} v${version} does not match its schema`);
  }
}

export function isRecordSchemaError(error: unknown): error is RecordSchemaError {
  return error instanceof RecordSchemaError;
}

function adOf(caseId: string, record: Pick<SealedRecordWire, "type" | "id" | "version">): string {
  return recordAd({ caseId, recordType: record.type, recordId: record.id, version: record.version });
}

/** Refuse to hand the server a record it would reject (ids not UUIDs, too large...): validated here too. */
function checkedWire(record: SealedRecordWire): SealedRecordWire {
  const parsed = sealedRecordWireSchema.safeParse(record);
  if (!parsed.success) throw new CryptoError("invalid_input", "sealed record does not fit the wire format");
  return parsed.data;
}

export type SealRecordInput = {
  caseId: string;
  type: RecordType;
  /** UUID made in the browser, so the AD exists before the insert. */
  id: string;
  version: number;
  /** The epoch `caseKey` belongs to (new content: the current epoch). */
  epoch: number;
  caseKey: Uint8Array;
  /** Plain JSON (no undefined, Dates, NaN...); otherwise CryptoError("invalid_input"). */
  value: unknown;
  /** Required for every type but testimonies: who signs, and the previous version's sealedRecordHash (null for version 1). */
  signed?: { author: RecordAuthor; prev: string | null };
};

export async function sealRecord({ caseId, type, id, version, epoch, caseKey, value, signed }: SealRecordInput): Promise<SealedRecordWire> {
  let content = value;
  if (isSignedRecordType(type)) {
    if (!signed) throw new CryptoError("invalid_input", `a ${type} record is sealed only with its author's signature`);
    content = await signRecordContent({ caseId, type, id, version, epoch }, value, signed.author, signed.prev);
  }
  const envelope = await sealJson(content, caseKey, adOf(caseId, { type, id, version }));
  return checkedWire({ id, version, type, epoch, contentSealed: envelopeToBase64url(envelope) });
}

export type OpenRecordInput<S extends z.ZodType> = {
  caseId: string;
  record: SealedRecordWire;
  /** The key of `record.epoch`. */
  caseKey: Uint8Array;
  schema: S;
  /** When given, a record of another type is refused ("damaged"): the server served the wrong record. */
  type?: RecordType;
  /** Signed types: who may have written in the record's epoch (CaseKeyring.authorsAt); without it, nothing signed opens. */
  authors?: EpochAuthors;
};

/**
 * The decrypted JSON value of a record, exactly as it was sealed (no schema
 * applied): what a signature over the record's content must be checked
 * against, before this client version's schema trims or rejects anything.
 */
export async function openRecordValue({ caseId, record, caseKey, type }: Omit<OpenRecordInput<z.ZodType>, "schema">): Promise<unknown> {
  if (type !== undefined && record.type !== type) throw new CryptoError("damaged", `expected a ${type} record`);
  return openJson(envelopeFromBase64url(record.contentSealed), caseKey, adOf(caseId, record));
}

/**
 * A signed record's value with its author, time and predecessor, once the
 * signature holds (record-signature.ts); CryptoError("bad_signature") if not.
 */
export async function openSignedRecord({ caseId, record, caseKey, type, authors }: Omit<OpenRecordInput<z.ZodType>, "schema">): Promise<VerifiedContent> {
  const opened = await openRecordValue({ caseId, record, caseKey, type });
  return verifyRecordContent({ caseId, type: record.type, id: record.id, version: record.version, epoch: record.epoch }, opened, authors);
}

/**
 * Decrypt, verify the author's signature (signed types) and validate. Throws
 * CryptoError("damaged" | "wrong_version") if the ciphertext does not open
 * under this key and place, CryptoError("bad_signature") if its signature
 * does not hold, RecordSchemaError if it fails `schema`. Returns the
 * schema's output (trimmed, defaults applied).
 */
export async function openRecord<S extends z.ZodType>(input: OpenRecordInput<S>): Promise<z.output<S>> {
  return (await openRecordSigned(input)).value;
}

/** Who signed a version, when, and which predecessor it names (signed types only). */
export type SignedBy = Omit<VerifiedContent, "value">;

/** openRecord, also telling who signed the version (undefined for testimonies, which carry their own signature). */
export async function openRecordSigned<S extends z.ZodType>(input: OpenRecordInput<S>): Promise<{ value: z.output<S>; signed?: SignedBy }> {
  const { record, schema } = input;
  let value: unknown;
  let signed: SignedBy | undefined;
  if (isSignedRecordType(record.type)) ({ value, ...signed } = await openSignedRecord(input));
  else value = await openRecordValue(input);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RecordSchemaError(record.type, record.id, record.version);
  return { value: parsed.data, signed };
}
