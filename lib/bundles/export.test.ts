/**
 * exportBundle: the ZIP layout (manifest.json, index.pdf, exhibits/NN-…,
 * a readable PDF beside each testimony's JSON), safe names, the signed
 * manifest (every file's hash, the statements, the key that signed each, no
 * review status), the PDFs' fonts, and refusal of a file that is not the
 * signed one or a statement no trusted key verifies.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { toBase64url } from "@/lib/crypto/encoding";
import { sha256 } from "@/lib/crypto/sha256";
import { verifyCanonical } from "@/lib/crypto/signatures";
import { fromBase64url } from "@/lib/crypto/encoding";
import { canonicalJson } from "@/lib/encoding/canonical-json";
import { evidenceStatement, EVIDENCE_STATEMENT_TYPE } from "@/lib/evidence/schema";
import { contentDigest, TESTIMONY_STATEMENT_TYPE } from "@/lib/testimonies/digest";
import { BundleExportError, exportBundle, sanitiseFileName, type ExhibitInput, type ExportBundleInput } from "./export-client";
import type { SignedManifestFile } from "./manifest";
import { transliterate } from "./pdf/pdf-writer";
import { evidenceExhibit, party, signersOf, testimonyExhibit, type Party } from "./testing/genuine-bundle";
import { bytesSource, verifyBundle } from "./verify-core.mjs";

const ROOT = join(__dirname, "..", "..");
const caseId = crypto.randomUUID();
const dejavu = async () => new Uint8Array(readFileSync(join(ROOT, "node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf")));

let alice: Party;
let bob: Party;

function input(exhibits: ExhibitInput[], extra: Partial<ExportBundleInput> = {}): ExportBundleInput {
  return {
    caseId,
    reference: "CV-2026-0042",
    bundleId: crypto.randomUUID(),
    bundleName: "Слушание 12 марта",
    exportedAt: "2026-03-05T12:00:00.000Z",
    language: "ru",
    timeZone: "Europe/Moscow",
    exporter: { account: alice.account, displayName: alice.displayName },
    signers: signersOf(alice, bob),
    exhibits,
    loadFont: dejavu,
    ...extra,
  };
}

async function unzip(blob: Blob): Promise<Record<string, Uint8Array>> {
  return unzipSync(new Uint8Array(await blob.arrayBuffer()));
}

beforeAll(async () => {
  alice = await party("Алиса Юрист");
  bob = await party("Bob");
});

describe("sanitiseFileName", () => {
  it("keeps the last segment and Unicode; drops separators, control characters and leading dots", () => {
    expect(sanitiseFileName("report.pdf")).toBe("report.pdf");
    expect(sanitiseFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitiseFileName("C:\\Users\\x\\Фото побоев.jpg")).toBe("Фото побоев.jpg");
    expect(sanitiseFileName("..hidden")).toBe("hidden");
    expect(sanitiseFileName("a\u0000b\nc\u202e.txt")).toBe("abc.txt");
    expect(sanitiseFileName('what?<>:"|*.pdf')).toBe("what_______.pdf");
    expect(sanitiseFileName("..")).toBe("file");
    expect(sanitiseFileName("dir/")).toBe("file");
    expect(sanitiseFileName("name. ")).toBe("name");
    const long = sanitiseFileName(`${"я".repeat(300)}.jpeg`);
    expect([...long].length).toBe(120);
    expect(long.endsWith(".jpeg")).toBe(true);
  });
});

describe("exportBundle", () => {
  let files: Record<string, Uint8Array>;
  let signed: SignedManifestFile;
  let testimony: ExhibitInput & { kind: "testimony" };
  const data1 = crypto.getRandomValues(new Uint8Array(50_000));
  const data2 = crypto.getRandomValues(new Uint8Array(1_000));
  const progress: [number, number][] = [];

  beforeAll(async () => {
    testimony = await testimonyExhibit(caseId, 10, bob);
    const blob = await exportBundle(
      input([await evidenceExhibit(caseId, 1, "report.pdf", data1, alice), await evidenceExhibit(caseId, 2, "../secret/.Фото побоев.jpg", data2, alice), testimony], {
        onProgress: (done, total) => progress.push([done, total]),
      }),
    );
    expect(blob.type).toBe("application/zip");
    files = await unzip(blob);
    signed = JSON.parse(strFromU8(files["manifest.json"]!)) as SignedManifestFile;
  });

  it("lays out manifest.json, index.pdf, the exhibits with safe names and a readable copy beside each testimony", () => {
    expect(Object.keys(files).sort()).toEqual([
      "exhibits/01-report.pdf",
      "exhibits/02-Фото побоев.jpg",
      "exhibits/10-testimony-v2.json",
      "exhibits/10-testimony-v2.pdf",
      "index.pdf",
      "manifest.json",
    ]);
    expect(files["exhibits/01-report.pdf"]).toEqual(data1);
    expect(files["exhibits/02-Фото побоев.jpg"]).toEqual(data2);
    expect(strFromU8(files["exhibits/10-testimony-v2.json"]!)).toBe(canonicalJson(testimony.content));
    expect(strFromU8(files["exhibits/10-testimony-v2.pdf"]!.subarray(0, 5))).toBe("%PDF-");
  });

  it("signs the manifest with the exporter's key, over every file's hash", async () => {
    const { manifest, signature, format } = signed;
    expect(format).toBe("casevault-bundle/2");
    await expect(verifyCanonical(manifest, fromBase64url(signature), alice.keys.ed25519.publicKey)).resolves.toBeUndefined();
    expect(manifest.exporter).toEqual({
      userId: alice.userId,
      displayName: "Алиса Юрист",
      signPublicKey: toBase64url(alice.keys.ed25519.publicKey),
      boxPublicKey: toBase64url(alice.keys.x25519.publicKey),
    });
    expect(manifest).toMatchObject({ type: "casevault.bundle-manifest.v2", caseId, reference: "CV-2026-0042", bundleName: "Слушание 12 марта", language: "ru", timeZone: "Europe/Moscow" });
    const documents = Object.fromEntries(manifest.documents.map((d) => [d.path, d]));
    for (const path of ["index.pdf", "exhibits/10-testimony-v2.pdf"]) {
      expect(documents[path]).toEqual({ path, sha256: toBase64url(await sha256(files[path]!)), size: files[path]!.length });
    }
  });

  it("lists each exhibit with its exact signed statement, the key that signed it, custody, and no review status", async () => {
    const [e1, e2, t] = signed.manifest.exhibits;
    expect(e1).toMatchObject({ number: 1, kind: "evidence", path: "exhibits/01-report.pdf", originalName: "report.pdf", size: 50_000 });
    expect(e2).toMatchObject({ number: 2, originalName: "../secret/.Фото побоев.jpg", path: "exhibits/02-Фото побоев.jpg" });
    if (e1?.kind !== "evidence") throw new Error("expected evidence");
    expect(e1.statement).toEqual(
      evidenceStatement({ evidenceId: e1.evidenceId, caseId, uploaderId: alice.userId, sha256: toBase64url(await sha256(data1)), size: 50_000, signedAt: "2026-03-01T10:00:00.000Z" }),
    );
    expect(e1.statement.type).toBe(EVIDENCE_STATEMENT_TYPE);
    expect(e1.signer).toEqual(signed.manifest.exporter);
    expect(e1.custody).toEqual([{ seq: "1", action: "evidence.uploaded", actorId: alice.userId, at: "2026-03-01T10:00:00.000Z" }]);
    expect(JSON.stringify(signed)).not.toMatch(/review/i);
    expect(t).toMatchObject({ number: 10, kind: "testimony", version: 2, title: "Testimony of A.", readablePath: "exhibits/10-testimony-v2.pdf" });
    if (t?.kind !== "testimony") throw new Error("expected testimony");
    expect(t.statement).toMatchObject({ type: TESTIMONY_STATEMENT_TYPE, caseId, version: 2, authorId: bob.userId, contentSha256: await contentDigest(testimony.content) });
    expect(t.signer.signPublicKey).toBe(toBase64url(bob.keys.ed25519.publicKey));
  });

  it("writes the index PDF with DejaVu Sans embedded (Cyrillic)", () => {
    const text = Buffer.from(files["index.pdf"]!).toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans|\/BaseFont \/DejaVuSans/);
    expect(text).toContain("/FontFile2");
    expect(text).toContain("/ToUnicode");
    expect(text).not.toContain("/Helvetica");
  });

  it("reports progress in bytes up to the total", () => {
    const total = 50_000 + 1_000 + new TextEncoder().encode(canonicalJson(testimony.content)).length;
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
  });

  it("falls back to Helvetica with transliteration when no font loads", async () => {
    const blob = await exportBundle(input([testimony], { loadFont: async () => null }));
    const pdf = Buffer.from((await unzip(blob))["index.pdf"]!).toString("latin1");
    expect(pdf.startsWith("%PDF-")).toBe(true);
    expect(pdf).toContain("/Helvetica");
    const failing = await exportBundle(input([testimony], { loadFont: async () => Promise.reject(new Error("offline")) }));
    expect(Buffer.from((await unzip(failing))["index.pdf"]!).toString("latin1")).toContain("/Helvetica");
    expect(transliterate("Слушание Щука ok é")).toBe("Slushanie Shchuka ok é");
  });

  it("pads exhibit numbers to the widest one", async () => {
    const blob = await exportBundle(input([{ ...testimony, number: 1 }, { ...testimony, number: 100 }], { loadFont: async () => null }));
    expect(Object.keys(await unzip(blob)).filter((n) => n.startsWith("exhibits/")).sort()).toEqual([
      "exhibits/001-testimony-v2.json",
      "exhibits/001-testimony-v2.pdf",
      "exhibits/100-testimony-v2.json",
      "exhibits/100-testimony-v2.pdf",
    ]);
  });

  it("refuses a file that differs from its signed hash or size, and bad exhibit numbers", async () => {
    const data = crypto.getRandomValues(new Uint8Array(100));
    const swapped = await evidenceExhibit(caseId, 1, "a.jpg", data, alice);
    swapped.file = async () => new Blob([crypto.getRandomValues(new Uint8Array(100)) as BlobPart]);
    await expect(exportBundle(input([swapped], { loadFont: async () => null }))).rejects.toMatchObject({ code: "hash_mismatch" });
    const shorter = await evidenceExhibit(caseId, 1, "a.jpg", data, alice, { meta: { size: 99 } });
    await expect(exportBundle(input([shorter], { loadFont: async () => null }))).rejects.toBeInstanceOf(BundleExportError);
    await expect(exportBundle(input([testimony, testimony]))).rejects.toMatchObject({ code: "invalid_input" });
    await expect(exportBundle(input([{ ...testimony, number: 0 }]))).rejects.toMatchObject({ code: "invalid_input" });
    const unfinalised = await evidenceExhibit(caseId, 1, "a.jpg", data, alice, { meta: { sha256: "" } });
    await expect(exportBundle(input([unfinalised]))).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("the key that actually signed", () => {
  it("a statement signed before a reset is exported with the old key and its window, and the verifier accepts it", async () => {
    const before = await party("Carol");
    const carol: Party = { ...(await party("Carol")), userId: before.userId };
    const old = await evidenceExhibit(caseId, 1, "old.jpg", crypto.getRandomValues(new Uint8Array(500)), carol, { signWith: before.keys, signedAt: "2026-01-10T08:00:00.000Z" });
    const signers = [
      ...signersOf(alice, carol),
      { ...signersOf(before)[0]!, until: "2026-02-01T00:00:00.000Z" },
    ];
    const blob = await exportBundle(input([old], { signers, loadFont: async () => null }));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const manifest = (JSON.parse(strFromU8(unzipSync(bytes)["manifest.json"]!)) as SignedManifestFile).manifest;
    expect(manifest.exhibits[0]!.signer).toMatchObject({ userId: carol.userId, signPublicKey: toBase64url(before.keys.ed25519.publicKey), retiredUntil: "2026-02-01T00:00:00.000Z" });
    const result = await verifyBundle(bytesSource(bytes), { expect: [alice.fingerprint, before.fingerprint].map((f) => f.replaceAll(" ", "")) });
    expect(result.verdict).toBe("pass");
  });

  it("refuses a statement no key this browser trusts verifies: another member's key, or an old key past its window", async () => {
    const carol = await party("Carol");
    const byImpostor = await evidenceExhibit(caseId, 1, "x.jpg", new Uint8Array(10), carol, { signWith: bob.keys });
    await expect(exportBundle(input([byImpostor], { signers: signersOf(alice, bob, carol) }))).rejects.toMatchObject({ code: "bad_signature" });
    const late = await evidenceExhibit(caseId, 1, "y.jpg", new Uint8Array(10), carol, { signedAt: "2026-03-01T00:00:00.000Z" });
    const retired = [...signersOf(alice), { ...signersOf(carol)[0]!, until: "2026-02-01T00:00:00.000Z" }];
    await expect(exportBundle(input([late], { signers: retired }))).rejects.toMatchObject({ code: "bad_signature" });
  });
});
