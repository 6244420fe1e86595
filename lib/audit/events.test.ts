import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, type HashedEvent, auditActions, eventBytes, eventHash, eventText, isAuditData, toHex } from "./events";

const event: HashedEvent = {
  seq: 1n,
  at: new Date("2026-01-01T00:00:00.000Z"),
  actorId: "00000000-0000-4000-8000-000000000001",
  action: "case.created",
  caseId: "00000000-0000-4000-8000-0000000000c1",
  data: { reference: "CV-7Q3K-9XPA", members: 2, urgent: true, note: null },
};

// Computed outside this code, with openssl (chain key: 32 bytes of 0x11):
//   J='{"action":"case.created","actorId":"00000000-0000-4000-8000-000000000001","at":"2026-01-01T00:00:00.000Z","caseId":"00000000-0000-4000-8000-0000000000c1","data":{"members":2,"note":null,"reference":"CV-7Q3K-9XPA","urgent":true},"seq":"1"}'
//   { head -c 32 /dev/zero; printf '%s' "$J"; } | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf '11%.0s' $(seq 32))
const expectedJson =
  '{"action":"case.created","actorId":"00000000-0000-4000-8000-000000000001","at":"2026-01-01T00:00:00.000Z",' +
  '"caseId":"00000000-0000-4000-8000-0000000000c1","data":{"members":2,"note":null,"reference":"CV-7Q3K-9XPA","urgent":true},"seq":"1"}';
const expectedHash = "7531ac1f8e057061f9848cc36c418781e0a25bec6aef433270eef096eb1e6b3b";
const key = new Uint8Array(32).fill(0x11);

describe("audit event hash", () => {
  it("matches a value computed with openssl's HMAC-SHA-256", () => {
    expect(new TextDecoder().decode(eventBytes(event))).toBe(expectedJson);
    expect(toHex(eventHash(key, GENESIS_HASH, event))).toBe(expectedHash);
  });

  it("is deterministic and 32 bytes", () => {
    const a = eventHash(key, GENESIS_HASH, event);
    expect(a).toHaveLength(32);
    expect(toHex(eventHash(key, GENESIS_HASH, { ...event }))).toBe(toHex(a));
  });

  it("does not depend on the key order of data", () => {
    const reordered = { ...event, data: { note: null, urgent: true, members: 2, reference: "CV-7Q3K-9XPA" } };
    expect(toHex(eventHash(key, GENESIS_HASH, reordered))).toBe(expectedHash);
  });

  it.each<[string, HashedEvent]>([
    ["seq", { ...event, seq: 2n }],
    ["at (1 ms)", { ...event, at: new Date(event.at.getTime() + 1) }],
    ["actorId", { ...event, actorId: "00000000-0000-4000-8000-000000000002" }],
    ["actorId null", { ...event, actorId: null }],
    ["action", { ...event, action: "case.content_read" }],
    ["caseId", { ...event, caseId: null }],
    ["a data value", { ...event, data: { ...event.data, members: 3 } }],
    ["a data type (2 vs \"2\")", { ...event, data: { ...event.data, members: "2" } }],
    ["an added data key", { ...event, data: { ...event.data, extra: false } }],
  ])("changes with %s", (_, changed) => {
    expect(toHex(eventHash(key, GENESIS_HASH, changed))).not.toBe(expectedHash);
  });

  it("changes with prevHash", () => {
    const prev = new Uint8Array(32);
    prev[31] = 1;
    expect(toHex(eventHash(key, prev, event))).not.toBe(expectedHash);
  });

  it("changes with the key: without it no one can recompute a hash", () => {
    expect(toHex(eventHash(new Uint8Array(32).fill(0x12), GENESIS_HASH, event))).not.toBe(expectedHash);
  });

  // eventHash writes the event's text directly (the verifier's hot path); the
  // definition is eventBytes (canonical JSON). Values chosen to break a writer
  // that escapes, encodes, orders keys or prints numbers differently.
  it.each<[string, Partial<HashedEvent>]>([
    ["the known-answer event", {}],
    ["nulls everywhere and empty data", { actorId: null, caseId: null, data: {} }],
    ["escapes and control characters", { action: 'a"b\\c\n\t\u0000\u001f\u2028', data: { 'k"\\': "\b\f\r/<>&'" } }],
    ["non-ASCII and a lone surrogate", { action: "дело 案件 😀", data: { "é": "\ud800", Z: "ß", a: "\udfff😀" } }],
    ["keys that sort by UTF-16 code unit, not code point", { data: { "\uffff": 1, "😀": 2, "\u00e9": 3, "": 4, A: 5, a: 6, "10": 7, "9": 8 } }],
    ["numbers JSON prints in unusual ways", { data: { a: -0, b: 1e21, c: 1.5e-7, d: Number.MAX_SAFE_INTEGER, e: -123.456, f: 0.1 + 0.2 } }],
    ["a large seq and an early date", { seq: 9_223_372_036_854_775_807n, at: new Date("0001-01-01T00:00:00.000Z") }],
  ])("hashes exactly the canonical bytes: %s", (_, change) => {
    const changed: HashedEvent = { ...event, ...change };
    expect(Buffer.from(eventText(changed), "utf8").equals(Buffer.from(eventBytes(changed)))).toBe(true);
    const reference = createHmac("sha256", key).update(GENESIS_HASH).update(eventBytes(changed)).digest("hex");
    expect(toHex(eventHash(key, GENESIS_HASH, changed))).toBe(reference);
  });

  it("starts from 32 zero bytes", () => {
    expect(toHex(GENESIS_HASH)).toBe("00".repeat(32));
  });
});

describe("audit event shape", () => {
  it("accepts only flat data", () => {
    expect(isAuditData({ a: "x", b: 1, c: false, d: null })).toBe(true);
    expect(isAuditData({})).toBe(true);
    for (const bad of [null, [], "x", { a: { b: 1 } }, { a: [1] }, { a: Number.NaN }, { a: undefined }]) {
      expect(isAuditData(bad)).toBe(false);
    }
  });

  it("lists each action once, as domain.verb", () => {
    expect(new Set(auditActions).size).toBe(auditActions.length);
    for (const action of auditActions) expect(action).toMatch(/^[a-z]+\.[a-z_]+$/);
  });
});
