/**
 * Sealing and opening case records in the browser.
 *
 * Must always hold (DESIGN.md §2):
 * - A record is sealed under the case key of its epoch with
 *   AD = recordAd({caseId, recordType, recordId, version}); a ciphertext moved
 *   to another case, type, id or version fails to open ("damaged").
 * - The epoch is NOT in the AD: re-encryption moves a record to a new epoch
 *   under the same AD, and the key that opens it already names the epoch.
 * - openRecord returns a value only after it decrypted AND passed the given
 *   zod schema. The two failures are distinct: CryptoError("damaged" |
 *   "wrong_version") for a ciphertext that does not open (tampering, wrong key,
 *   moved), RecordSchemaError for a record that opened but is not the shape
 *   this client expects (written by another client version). Neither carries
 *   plaintext.
 * - reencryptRecord returns the whole re-sealed record or throws.
 */
import "client-only";
import type { z } from "zod";
import { recordAd } from "@/lib/crypto/ad";
import { CryptoError } from "@/lib/crypto/errors";
import { envelopeFromBase64url, envelopeToBase64url, openJson, sealJson } from "@/lib/crypto/records";
import { sealedRecordWireSchema, type RecordType, type SealedRecordWire } from "./schema";

/** A record that decrypted but does not match the schema it was opened with. Holds no plaintext. */
export class RecordSchemaError extends Error {
  override readonly name = "RecordSchemaError";
  readonly code = "invalid_record";

  constructor(
    readonly recordType: RecordType,
    readonly recordId: string,
    readonly version: number,
  ) {
    super(`record ${recordType} ${recordId} v${version} does not match its schema`);
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
};

export async function sealRecord({ caseId, type, id, version, epoch, caseKey, value }: SealRecordInput): Promise<SealedRecordWire> {
  const envelope = await sealJson(value, caseKey, adOf(caseId, { type, id, version }));
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
};

/**
 * Decrypt and validate. Throws CryptoError("damaged" | "wrong_version") if the
 * ciphertext does not open under this key and place, RecordSchemaError if it
 * opens but fails `schema`. Returns the schema's output (trimmed, defaults applied).
 */
/**
 * The decrypted JSON value of a record, exactly as it was sealed (no schema
 * applied): what a signature over the record's content must be checked
 * against, before this client version's schema trims or rejects anything.
 */
export async function openRecordValue({ caseId, record, caseKey, type }: Omit<OpenRecordInput<z.ZodType>, "schema">): Promise<unknown> {
  if (type !== undefined && record.type !== type) throw new CryptoError("damaged", `expected a ${type} record`);
  return openJson(envelopeFromBase64url(record.contentSealed), caseKey, adOf(caseId, record));
}

export async function openRecord<S extends z.ZodType>({ caseId, record, caseKey, schema, type }: OpenRecordInput<S>): Promise<z.output<S>> {
  const value = await openRecordValue({ caseId, record, caseKey, type });
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RecordSchemaError(record.type, record.id, record.version);
  return parsed.data;
}
