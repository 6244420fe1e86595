/**
 * Case records in the browser: seal/open round trips (Cyrillic, emoji),
 * ciphertexts moved to another place fail as "damaged", content that opens
 * but fails its schema is a distinct RecordSchemaError.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newCaseKey } from "@/lib/crypto/case-key-seal";
import { fromBase64url, toBase64url } from "@/lib/crypto/encoding";
import { CryptoError } from "@/lib/crypto/errors";
import { expectCryptoError, flipByte } from "@/lib/crypto/test-support";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { generateUserKeyPairs } from "@/lib/crypto/user-keys";
import { newAccountKey } from "@/lib/crypto/wrap-key";
import { authorsFor } from "@/lib/testing/record-authors";
import type { EpochAuthors } from "./record-signature";
import { openRecord, RecordSchemaError, sealRecord } from "./records-client";
import {
  emptyProfile,
  personProfileSchema,
  sealedRecordWireSchema,
  transitionReasonSchema,
  type PersonProfile,
  type SealedRecordWire,
} from "./schema";

const caseId = crypto.randomUUID();
const profileId = crypto.randomUUID();

const profile: PersonProfile = {
  ...emptyProfile,
  fullName: "Алексей Иванович Петров",
  aliases: [{ name: "Лёша 🕊️" }],
  dateOfBirth: "1984-03",
  nationalities: "Россия, Қазақстан",
  languages: "русский, English, 中文",
  currentLocation: "Тбилиси 🇬🇪",
  contacts: [{ name: "Мария", relation: "сестра", details: "Signal: только вечером 🌙" }],
  riskLevel: "critical",
  riskReason: "Экстрадиция по сфабрикованному делу; пытки в СИЗО-1 ⚠️",
  notes: "👨‍👩‍👧 семья в безопасности;\u2028\u0000 ещё нет",
};

let caseKey: Uint8Array;
let sealed: SealedRecordWire;
let signed: { author: UnlockedAccount; prev: null };
let authors: EpochAuthors;

beforeAll(async () => {
  caseKey = await newCaseKey();
  const author = { userId: crypto.randomUUID(), accountKey: await newAccountKey(), keys: await generateUserKeyPairs() };
  signed = { author, prev: null };
  authors = authorsFor(author);
  sealed = await sealRecord({ caseId, type: "person_profile", id: profileId, version: 1, epoch: 1, caseKey, value: profile, signed });
});

/** Asserts RecordSchemaError (not a CryptoError) and that nothing was returned. */
async function expectSchemaError(action: Promise<unknown>): Promise<void> {
  let produced: unknown;
  let caught: unknown;
  try {
    produced = await action;
  } catch (error) {
    caught = error;
  }
  expect(produced).toBeUndefined();
  expect(caught).toBeInstanceOf(RecordSchemaError);
  expect(caught).not.toBeInstanceOf(CryptoError);
  expect((caught as RecordSchemaError).code).toBe("invalid_record");
}

describe("sealRecord / openRecord", () => {
  it("round-trips a profile with Cyrillic, emoji and control characters, in the wire format", async () => {
    expect(sealedRecordWireSchema.parse(sealed)).toEqual(sealed);
    expect(sealed).toMatchObject({ id: profileId, version: 1, type: "person_profile", epoch: 1 });
    expect(sealed.contentSealed).not.toContain("Алексей");
    const opened = await openRecord({ caseId, record: sealed, caseKey, schema: personProfileSchema, type: "person_profile", authors });
    expect(opened).toEqual(profile);
  });

  it("round-trips a transition reason", async () => {
    const id = crypto.randomUUID();
    const reason = { reason: "Дело передано юристу — см. заключение 📎" };
    const record = await sealRecord({ caseId, type: "transition_reason", id, version: 1, epoch: 1, caseKey, value: reason, signed });
    expect(await openRecord({ caseId, record, caseKey, schema: transitionReasonSchema, authors })).toEqual(reason);
  });

  it('a ciphertext copied onto another case, record id, version or type is "damaged"', async () => {
    const otherCase = crypto.randomUUID();
    await expectCryptoError(openRecord({ caseId: otherCase, record: sealed, caseKey, schema: personProfileSchema, authors }), "damaged");
    const moved: SealedRecordWire[] = [
      { ...sealed, id: crypto.randomUUID() },
      { ...sealed, version: 2 },
      { ...sealed, type: "transition_reason" },
    ];
    for (const record of moved) {
      await expectCryptoError(openRecord({ caseId, record, caseKey, schema: personProfileSchema, authors }), "damaged");
    }
    // The same ciphertext sealed for another case, presented as this case's profile.
    const elsewhere = await sealRecord({ caseId: otherCase, type: "person_profile", id: profileId, version: 1, epoch: 1, caseKey, value: profile, signed });
    await expectCryptoError(openRecord({ caseId, record: elsewhere, caseKey, schema: personProfileSchema, authors }), "damaged");
  });

  it('a wrong key, a flipped byte or a malformed envelope is "damaged"', async () => {
    await expectCryptoError(openRecord({ caseId, record: sealed, caseKey: await newCaseKey(), schema: personProfileSchema, authors }), "damaged");
    const flipped = toBase64url(flipByte(fromBase64url(sealed.contentSealed), -1));
    await expectCryptoError(openRecord({ caseId, record: { ...sealed, contentSealed: flipped }, caseKey, schema: personProfileSchema }), "damaged");
    await expectCryptoError(openRecord({ caseId, record: { ...sealed, contentSealed: "not base64!" }, caseKey, schema: personProfileSchema }), "damaged");
    await expectCryptoError(openRecord({ caseId, record: { ...sealed, contentSealed: "AAAA" }, caseKey, schema: personProfileSchema }), "damaged");
  });

  it('a record of another type than expected is refused as "damaged"', async () => {
    const record = await sealRecord({ caseId, type: "transition_reason", id: crypto.randomUUID(), version: 1, epoch: 1, caseKey, value: { reason: "x" }, signed });
    await expectCryptoError(openRecord({ caseId, record, caseKey, schema: transitionReasonSchema, type: "person_profile", authors }), "damaged");
  });

  it("content that decrypts but fails the schema is a RecordSchemaError, not a CryptoError", async () => {
    const id = crypto.randomUUID();
    const invalid = await sealRecord({ caseId, type: "person_profile", id, version: 1, epoch: 1, caseKey, value: { ...profile, riskLevel: "extreme" }, signed });
    await expectSchemaError(openRecord({ caseId, record: invalid, caseKey, schema: personProfileSchema, authors }));
    // A genuine transition reason opened as a profile.
    const reason = await sealRecord({ caseId, type: "transition_reason", id, version: 1, epoch: 1, caseKey, value: { reason: "ok" }, signed });
    await expectSchemaError(openRecord({ caseId, record: reason, caseKey, schema: personProfileSchema, authors }));
    // Neither the error nor its message carries plaintext.
    try {
      await openRecord({ caseId, record: invalid, caseKey, schema: personProfileSchema, authors });
    } catch (error) {
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain("Алексей");
    }
  });

  it("refuses to seal what the wire would not accept", async () => {
    const base = { caseId, type: "person_profile" as const, version: 1, epoch: 1, caseKey, value: profile, signed };
    await expectCryptoError(sealRecord({ ...base, id: "not-a-uuid" }), "invalid_input");
    await expectCryptoError(sealRecord({ ...base, id: crypto.randomUUID(), version: 0 }), "invalid_input");
    await expectCryptoError(sealRecord({ ...base, id: crypto.randomUUID(), value: { when: new Date() } }), "invalid_input");
    await expectCryptoError(sealRecord({ ...base, id: crypto.randomUUID(), value: { gone: undefined } }), "invalid_input");
  });
});
