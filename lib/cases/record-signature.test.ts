/**
 * Signed record versions, attacked as a forger or a lying server would:
 * the value, the place, the author, the epoch or the predecessor changed
 * after signing, a signer who was not on the team, an unsigned version.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { newCaseKey } from "@/lib/crypto/case-key-seal";
import { expectCryptoError } from "@/lib/crypto/test-support";
import { generateUserKeyPairs } from "@/lib/crypto/user-keys";
import { newAccountKey } from "@/lib/crypto/wrap-key";
import { authorsFor } from "@/lib/testing/record-authors";
import { sealedRecordHash, signRecordContent, verifyRecordContent, type RecordPlace } from "./record-signature";
import { openRecord, openRecordSigned, sealRecord } from "./records-client";
import { transitionReasonSchema } from "./schema";

const caseId = crypto.randomUUID();
const newAccount = async (): Promise<UnlockedAccount> => ({ userId: crypto.randomUUID(), accountKey: await newAccountKey(), keys: await generateUserKeyPairs() });

let olga: UnlockedAccount;
let ivan: UnlockedAccount;
let outsider: UnlockedAccount;
let caseKey: Uint8Array;
const place = (over: Partial<RecordPlace> = {}): RecordPlace => ({ caseId, type: "deadline_details", id: "6f1c1f44-8a55-4f0e-9a53-0d5d0c8a1b01", version: 2, epoch: 3, ...over });
const prev = "A".repeat(43);
const value = { outcome: "Extradition refused", notes: "Судья отклонил запрос" };

beforeAll(async () => {
  [olga, ivan, outsider] = await Promise.all([newAccount(), newAccount(), newAccount()]);
  caseKey = await newCaseKey();
});

describe("a signed record version", () => {
  it("verifies for its author with the key the chain lists in that epoch (control)", async () => {
    const signed = await signRecordContent(place(), value, olga, prev);
    expect(await verifyRecordContent(place(), signed, authorsFor(olga, ivan))).toMatchObject({ value, author: olga.userId, prev });
  });

  it("fails once the value, the place, the epoch, the predecessor or the time is changed", async () => {
    const signed = await signRecordContent(place(), value, olga, prev);
    const team = authorsFor(olga, ivan);
    await expectCryptoError(verifyRecordContent(place(), { ...signed, value: { ...value, outcome: "Extradition granted" } }, team), "bad_signature");
    await expectCryptoError(verifyRecordContent(place({ id: crypto.randomUUID() }), signed, team), "bad_signature");
    await expectCryptoError(verifyRecordContent(place({ type: "review_note" }), signed, team), "bad_signature");
    await expectCryptoError(verifyRecordContent(place({ version: 3 }), signed, team), "bad_signature");
    await expectCryptoError(verifyRecordContent(place({ epoch: 4 }), signed, team), "bad_signature");
    await expectCryptoError(verifyRecordContent(place({ caseId: crypto.randomUUID() }), signed, team), "bad_signature");
    await expectCryptoError(verifyRecordContent(place(), { ...signed, prev: "B".repeat(43) }, team), "bad_signature");
    await expectCryptoError(verifyRecordContent(place(), { ...signed, signedAt: "2020-01-01T00:00:00.000Z" }, team), "bad_signature");
  });

  it("swapping the author: a version Ivan signed, relabelled as Olga's, verifies for no one", async () => {
    const byIvan = await signRecordContent(place(), value, ivan, prev);
    await expectCryptoError(verifyRecordContent(place(), { ...byIvan, author: olga.userId }, authorsFor(olga, ivan)), "bad_signature");
  });

  it("a signer who was not on the team in that epoch does not count, even with a valid signature", async () => {
    const byOutsider = await signRecordContent(place(), value, outsider, prev);
    await expectCryptoError(verifyRecordContent(place(), byOutsider, authorsFor(olga, ivan)), "bad_signature");
    await expectCryptoError(verifyRecordContent(place(), byOutsider, undefined), "bad_signature");
  });

  it("a key the chain does not list for the author (a server-substituted key) does not count", async () => {
    const impostor = { ...(await newAccount()), userId: olga.userId };
    const forged = await signRecordContent(place(), value, impostor, prev);
    await expectCryptoError(verifyRecordContent(place(), forged, authorsFor(olga)), "bad_signature");
  });

  it("an unsigned value, or a version 1 naming a predecessor (or a later one naming none), is refused", async () => {
    await expectCryptoError(verifyRecordContent(place(), value, authorsFor(olga)), "bad_signature");
    const first = await signRecordContent(place({ version: 1 }), value, olga, null);
    await expectCryptoError(verifyRecordContent(place({ version: 2 }), first, authorsFor(olga)), "bad_signature");
    await expectCryptoError(signRecordContent(place({ version: 1 }), value, olga, prev), "invalid_input");
    await expectCryptoError(signRecordContent(place({ version: 2 }), value, olga, null), "invalid_input");
  });
});

describe("sealed records", () => {
  it("a signed type is never sealed without its author's signature", async () => {
    await expectCryptoError(sealRecord({ caseId, type: "transition_reason", id: crypto.randomUUID(), version: 1, epoch: 1, caseKey, value: { reason: "x" } }), "invalid_input");
  });

  it("opens to the value with who signed it and the predecessor it names; version 2 names version 1's hash", async () => {
    const id = crypto.randomUUID();
    const v1 = await sealRecord({ caseId, type: "transition_reason", id, version: 1, epoch: 1, caseKey, value: { reason: "first" }, signed: { author: olga, prev: null } });
    const v1Hash = await sealedRecordHash(v1.contentSealed);
    const v2 = await sealRecord({ caseId, type: "transition_reason", id, version: 2, epoch: 1, caseKey, value: { reason: "second" }, signed: { author: ivan, prev: v1Hash } });
    const opened = await openRecordSigned({ caseId, record: v2, caseKey, schema: transitionReasonSchema, authors: authorsFor(olga, ivan) });
    expect(opened).toMatchObject({ value: { reason: "second" }, signed: { author: ivan.userId, prev: v1Hash } });
    // Without the epoch's authors (no verified chain), nothing signed opens.
    await expectCryptoError(openRecord({ caseId, record: v2, caseKey, schema: transitionReasonSchema }), "bad_signature");
    await expectCryptoError(openRecord({ caseId, record: v2, caseKey, schema: transitionReasonSchema, authors: authorsFor(olga) }), "bad_signature");
  });
});
