/**
 * The verifier as verify.html runs it: ../crypto.mjs replaced by
 * web/crypto.mjs (as scripts/build-verifier-page.mjs replaces it), the ZIP
 * read from a Blob in slices (blob-source.ts), the result put in words
 * (view.ts). On a real bundle exported with the page in it: verify.html is
 * listed and signed like index.pdf, every exhibit passes; one changed byte in
 * one exhibit fails that exhibit, by name, in English and Russian. And the
 * built page is one file whose CSP allows only its own script and style.
 */
import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { bundleBytes, evidenceExhibit, genuineInput, party, randomBytes, readManifestFile, testimonyExhibit, type Party } from "../../testing/genuine-bundle";
import { makeTestTsa } from "../../testing/test-tsa";
import { parseTsaCertificates, verifyBundle } from "../../verify-core.mjs";
import * as swapped from "../crypto.mjs";
import { blobSource } from "./blob-source";
import { pickLanguage, WORDS } from "./messages";
import { viewOf } from "./view";

vi.mock("../crypto.mjs", () => import("./crypto.mjs"));

const PAGE = new TextEncoder().encode('<!doctype html><meta name="casevault-verifier" content="test"><title>verify</title>');
let alice: Party;
let bob: Party;
let bytes: Uint8Array;

// A copy on its own ArrayBuffer: what Blob's types ask for.
const blobOf = (data: Uint8Array) => new Blob([new Uint8Array(data)]);

/** The offset of an exhibit's first data byte in the ZIP (stored entries: the bytes as they are). */
function dataOffset(zip: Uint8Array, name: string): number {
  const target = new TextEncoder().encode(name);
  for (let i = 0; i + 30 < zip.length; i++) {
    if (zip[i] !== 0x50 || zip[i + 1] !== 0x4b || zip[i + 2] !== 3 || zip[i + 3] !== 4) continue;
    const nameLength = zip[i + 26]! | (zip[i + 27]! << 8);
    const extraLength = zip[i + 28]! | (zip[i + 29]! << 8);
    const found = zip.subarray(i + 30, i + 30 + nameLength);
    if (found.length === target.length && found.every((b, k) => b === target[k])) return i + 30 + nameLength + extraLength;
  }
  throw new Error(`${name} not found`);
}

beforeAll(async () => {
  alice = await party("Alice Lawyer");
  bob = await party("Боб Соцработник");
  const caseId = crypto.randomUUID();
  bytes = await bundleBytes({
    ...genuineInput(caseId, alice, [alice, bob], [await evidenceExhibit(caseId, 1, "photo.jpg", randomBytes(300_000), alice), await testimonyExhibit(caseId, 2, bob)]),
    verifierPage: PAGE,
  });
});

describe("the verifier as the page runs it", () => {
  it("uses the browser's primitives here (the swap the build makes is in effect)", () => {
    expect(swapped.ed25519VerifySync(new Uint8Array(1), new Uint8Array(64), new Uint8Array(32))).toBe(false);
    expect(swapped.concatBytes([Uint8Array.of(1)])).not.toBeInstanceOf(Buffer);
  });

  it("lists verify.html in the signed manifest, like index.pdf, and passes every exhibit and file", async () => {
    const files = unzipSync(bytes);
    expect(files["verify.html"]).toEqual(PAGE);
    const documents = readManifestFile(files["manifest.json"]!).manifest.documents;
    expect(documents.map((d) => d.path).slice(0, 2)).toEqual(["index.pdf", "verify.html"]);
    expect(documents[1]).toMatchObject({ sha256: createHash("sha256").update(PAGE).digest("base64url"), size: PAGE.length });

    let read = 0;
    const result = await verifyBundle(blobSource(blobOf(bytes), (n) => (read += n)), { expect: null });
    expect(read).toBeGreaterThanOrEqual(bytes.length);
    expect(result.problems).toEqual([]);
    expect(result.verdict).toBe("unverified");
    expect(result.documents.find((d) => d.path === "verify.html")).toMatchObject({ ok: true });
    expect(result.exhibits.map((e) => [e.number, e.ok])).toEqual([
      [1, true],
      [2, true],
    ]);

    const view = viewOf(result, WORDS.en);
    expect(view.tone).toBe("unverified");
    expect(view.title).toBe("Signatures valid, identities NOT verified");
    expect(view.exhibits.map((e) => [e.ok, e.title])).toEqual([
      [true, "Exhibit 1: photo.jpg"],
      [true, "Exhibit 2: 02-testimony-v2.json"],
    ]);
    expect(view.report).toContain("Exhibit 1 (photo.jpg): PASS");
    // Dates for a person: their language, UTC named (the CLI's report keeps the ISO form).
    expect(view.about[0]).toBe("Bundle “Hearing 12 March”, case CV-2026-0042, exported 5 March 2026 at 12:00:00 UTC");
    expect(viewOf(result, WORDS.ru).about[0]).toBe("Пакет «Hearing 12 March», дело CV-2026-0042, выгружен 5 марта 2026 г. в 12:00:00 UTC");

    const withFingerprints = await verifyBundle(blobSource(blobOf(bytes)), { expect: [alice.fingerprint, bob.fingerprint].map((f) => f.replace(/ /g, "")) });
    expect(withFingerprints.verdict).toBe("pass");
    expect(viewOf(withFingerprints, WORDS.ru).title).toBe("ВЕРНО");
  });

  it("one changed byte in one exhibit fails that exhibit, named, and only it", async () => {
    const changed = bytes.slice();
      const at = dataOffset(changed, "exhibits/01-photo.jpg") + 1000;
    changed[at] = changed[at]! ^ 0x01;
    const result = await verifyBundle(blobSource(blobOf(changed)));
    expect(result.verdict).toBe("fail");
    expect(result.exhibits.map((e) => [e.number, e.ok, e.reason])).toEqual([
      [1, false, "hash mismatch"],
      [2, true, undefined],
    ]);
    const en = viewOf(result, WORDS.en);
    expect(en.tone).toBe("fail");
    expect(en.exhibits[0]).toMatchObject({ ok: false, title: "Exhibit 1: photo.jpg" });
    expect(en.exhibits[0]!.details[0]).toBe("the file's contents differ from what was signed: it was changed (hash mismatch)");
    expect(en.summary[0]).toMatch(/1 of 5 files failed/);
    const ru = viewOf(result, WORDS.ru);
    expect(ru.exhibits[0]).toMatchObject({ ok: false, title: "Материал 1: photo.jpg" });
    expect(ru.exhibits[0]!.details[0]).toMatch(/^содержимое файла отличается от подписанного/);
  });

  it("checks trusted timestamps against the TSA certificate the reader chose, as --tsa-cert does", async () => {
    const [tsa, rogue] = await Promise.all([makeTestTsa("Page Test TSA"), makeTestTsa("Rogue TSA")]);
    try {
      const caseId = crypto.randomUUID();
      const stamped = await bundleBytes({
        ...genuineInput(caseId, alice, [alice, bob], [await testimonyExhibit(caseId, 1, bob)]),
        verifierPage: PAGE,
        timestamp: async (digest) => Buffer.from(await tsa.stamp(digest)).toString("base64url"),
      });
      const expect_ = [alice, bob].map((p) => p.fingerprint.replaceAll(" ", ""));
      const run = (tsaCerts: ReturnType<typeof parseTsaCertificates>["certificates"] | null) => verifyBundle(blobSource(blobOf(stamped)), { expect: expect_, tsaCerts });
      const trusted = parseTsaCertificates(tsa.caPem).certificates!;
      expect((await run(trusted)).verdict).toBe("pass");
      const unchecked = await run(null);
      expect(unchecked.verdict).toBe("unverified");
      expect(viewOf(unchecked, WORDS.en).title).toBe("Signatures valid, timestamps NOT verified");
      const untrusted = await run(parseTsaCertificates(rogue.caPem).certificates!);
      expect(untrusted.verdict).toBe("fail");
      expect(viewOf(untrusted, WORDS.en).report).toMatch(/untrusted TSA/);
      expect(parseTsaCertificates("not a certificate").problem).toBeTruthy();
    } finally {
      await Promise.all([tsa.close(), rogue.close()]);
    }
  });

  it("picks the reader's language: Russian for ru-*, English otherwise", () => {
    expect(pickLanguage(["ru-RU", "en"])).toBe("ru");
    expect(pickLanguage(["de-DE", "ru"])).toBe("ru");
    expect(pickLanguage(["en-GB", "ru"])).toBe("en");
    expect(pickLanguage(["fr"])).toBe("en");
    expect(pickLanguage([])).toBe("en");
  });
});

describe("blobSource", () => {
  it("reads the asked slice, clipped to the blob, never past its end", async () => {
    const data = Uint8Array.from({ length: 100 }, (_, i) => i);
    const source = blobSource(new Blob([data]));
    expect(source.size).toBe(100);
    expect(Array.from(await source.read(10, 5))).toEqual([10, 11, 12, 13, 14]);
    expect(Array.from(await source.read(98, 10))).toEqual([98, 99]);
    expect((await source.read(200, 10)).length).toBe(0);
  });
});
