/**
 * exportBundle: the ZIP layout (manifest.json, index.pdf, exhibits/NN-…),
 * safe names, the manifest's statements, the PDF (with DejaVu Sans embedded
 * for Cyrillic, or Helvetica + transliteration without it), and refusal of a
 * file that is not the signed one.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { toBase64url } from "@/lib/crypto/encoding";
import { sha256 } from "@/lib/crypto/sha256";
import { canonicalJson } from "@/lib/encoding/canonical-json";
import { evidenceStatement, EVIDENCE_STATEMENT_TYPE, type EvidenceMeta } from "@/lib/evidence/schema";
import { contentDigest, TESTIMONY_STATEMENT_TYPE } from "@/lib/testimonies/digest";
import { BundleExportError, exportBundle, sanitiseFileName, type ExhibitInput, type ExportBundleInput } from "./export-client";
import type { BundleManifest } from "./manifest";
import { transliterate } from "./pdf/pdf-writer";

const ROOT = join(__dirname, "..", "..");
const caseId = crypto.randomUUID();
const userId = crypto.randomUUID();
const FAKE_SIG = "A".repeat(86);
const FAKE_KEY = "B".repeat(43);
const dejavu = async () => new Uint8Array(readFileSync(join(ROOT, "node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf")));

async function evidence(number: number, name: string, data: Uint8Array, overrides: Partial<EvidenceMeta> = {}): Promise<ExhibitInput> {
  const meta: EvidenceMeta = {
    name,
    type: "image/jpeg",
    capturedAt: "2026-02-28",
    source: "Источник: сестра",
    description: `Снимок травм, экспонат ${number}`,
    tags: ["medical", "фото"],
    fileKey: toBase64url(new Uint8Array(32)),
    streamHeader: toBase64url(new Uint8Array(25)),
    size: data.length,
    sha256: toBase64url(await sha256(data)),
    ...overrides,
  };
  return {
    kind: "evidence",
    number,
    evidenceId: crypto.randomUUID(),
    meta,
    uploader: { userId, displayName: "Алиса Юрист", signPublicKey: FAKE_KEY },
    signature: FAKE_SIG,
    signedAt: "2026-03-01T10:00:00.000Z",
    reviewStatus: "relevant",
    custody: [{ seq: "7", action: "evidence.uploaded", actorId: userId, at: "2026-03-01T10:00:00.000Z" }],
    file: async () => new Blob([data as BlobPart]),
  };
}

const testimonyContent = { title: "Показания", body: "text", list: [1, 2] };

function testimony(number: number): ExhibitInput {
  return {
    kind: "testimony",
    number,
    testimonyId: crypto.randomUUID(),
    version: 4,
    content: testimonyContent,
    author: { userId, displayName: "Bob", signPublicKey: FAKE_KEY },
    signature: FAKE_SIG,
    signedAt: "2026-03-02T09:30:00.000Z",
    title: "Testimony of A.",
  };
}

function input(exhibits: ExhibitInput[], extra: Partial<ExportBundleInput> = {}): ExportBundleInput {
  return {
    caseId,
    reference: "CV-2026-0042",
    bundleId: crypto.randomUUID(),
    bundleName: "Слушание 12 марта",
    exportedBy: "Alice",
    exportedAt: "2026-03-05T12:00:00.000Z",
    exhibits,
    loadFont: dejavu,
    ...extra,
  };
}

async function unzip(blob: Blob): Promise<Record<string, Uint8Array>> {
  return unzipSync(new Uint8Array(await blob.arrayBuffer()));
}

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
  let manifest: BundleManifest;
  const data1 = crypto.getRandomValues(new Uint8Array(50_000));
  const data2 = crypto.getRandomValues(new Uint8Array(1_000));
  const progress: [number, number][] = [];

  beforeAll(async () => {
    const blob = await exportBundle(
      input([await evidence(1, "report.pdf", data1), await evidence(2, "../secret/.Фото побоев.jpg", data2), testimony(10)], {
        onProgress: (done, total) => progress.push([done, total]),
      }),
    );
    expect(blob.type).toBe("application/zip");
    files = await unzip(blob);
    manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as BundleManifest;
  });

  it("lays out manifest.json, index.pdf and exhibits/NN-name with safe names", () => {
    expect(Object.keys(files).sort()).toEqual(["exhibits/01-report.pdf", "exhibits/02-Фото побоев.jpg", "exhibits/10-testimony-v4.json", "index.pdf", "manifest.json"]);
    expect(files["exhibits/01-report.pdf"]).toEqual(data1);
    expect(files["exhibits/02-Фото побоев.jpg"]).toEqual(data2);
    expect(strFromU8(files["exhibits/10-testimony-v4.json"]!)).toBe(canonicalJson(testimonyContent));
  });

  it("writes the manifest with the exact signed statements, signers and custody", async () => {
    expect(manifest).toMatchObject({ format: "casevault-bundle/1", caseId, reference: "CV-2026-0042", bundleName: "Слушание 12 марта", exportedBy: "Alice" });
    const [e1, e2, t] = manifest.exhibits;
    expect(e1).toMatchObject({ number: 1, kind: "evidence", path: "exhibits/01-report.pdf", originalName: "report.pdf", size: 50_000, reviewStatus: "relevant", signature: FAKE_SIG });
    expect(e2).toMatchObject({ number: 2, originalName: "../secret/.Фото побоев.jpg", path: "exhibits/02-Фото побоев.jpg" });
    if (e1?.kind !== "evidence") throw new Error("expected evidence");
    expect(e1.statement).toEqual(
      evidenceStatement({ evidenceId: e1.evidenceId, caseId, sha256: toBase64url(await sha256(data1)), size: 50_000, signedAt: "2026-03-01T10:00:00.000Z" }),
    );
    expect(e1.statement.type).toBe(EVIDENCE_STATEMENT_TYPE);
    expect(e1.signer).toEqual({ userId, displayName: "Алиса Юрист", signPublicKey: FAKE_KEY });
    expect(e1.custody).toEqual([{ seq: "7", action: "evidence.uploaded", actorId: userId, at: "2026-03-01T10:00:00.000Z" }]);
    expect(e1.tags).toEqual(["medical", "фото"]);
    expect(t).toMatchObject({ number: 10, kind: "testimony", version: 4, title: "Testimony of A." });
    if (t?.kind !== "testimony") throw new Error("expected testimony");
    expect(t.statement).toMatchObject({ type: TESTIMONY_STATEMENT_TYPE, caseId, version: 4, authorId: userId, contentSha256: await contentDigest(testimonyContent) });
  });

  it("writes an index PDF with DejaVu Sans embedded (Cyrillic), page numbers and every exhibit", () => {
    const pdf = files["index.pdf"]!;
    const text = Buffer.from(pdf).toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    expect(text).toMatch(/\/BaseFont \/DejaVuSans/);
    expect(text).toContain("/FontFile2");
    expect(text).toContain("/ToUnicode");
    expect(text).not.toContain("/Helvetica");
  });

  it("reports progress in bytes up to the total", () => {
    const total = 50_000 + 1_000 + new TextEncoder().encode(canonicalJson(testimonyContent)).length;
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
  });

  it("falls back to Helvetica with transliteration and a note when no font loads", async () => {
    const blob = await exportBundle(input([testimony(1)], { loadFont: async () => null }));
    const pdf = Buffer.from((await unzip(blob))["index.pdf"]!).toString("latin1");
    expect(pdf.startsWith("%PDF-")).toBe(true);
    expect(pdf).toContain("/Helvetica");
    const failing = await exportBundle(input([testimony(1)], { loadFont: async () => Promise.reject(new Error("offline")) }));
    expect(Buffer.from((await unzip(failing))["index.pdf"]!).toString("latin1")).toContain("/Helvetica");
    expect(transliterate("Слушание Щука — ok é")).toBe("Slushanie Shchuka ? ok é");
  });

  it("pads exhibit numbers to the widest one", async () => {
    const blob = await exportBundle(input([testimony(1), testimony(100)], { loadFont: async () => null }));
    expect(Object.keys(await unzip(blob)).filter((n) => n.startsWith("exhibits/")).sort()).toEqual(["exhibits/001-testimony-v4.json", "exhibits/100-testimony-v4.json"]);
  });

  it("refuses a file that differs from its signed hash or size, and bad exhibit numbers", async () => {
    const data = crypto.getRandomValues(new Uint8Array(100));
    const swapped = await evidence(1, "a.jpg", data);
    if (swapped.kind !== "evidence") throw new Error("expected evidence");
    swapped.file = async () => new Blob([crypto.getRandomValues(new Uint8Array(100)) as BlobPart]);
    await expect(exportBundle(input([swapped], { loadFont: async () => null }))).rejects.toMatchObject({ code: "hash_mismatch" });
    const shorter = await evidence(1, "a.jpg", data, { size: 99 });
    await expect(exportBundle(input([shorter], { loadFont: async () => null }))).rejects.toBeInstanceOf(BundleExportError);

    await expect(exportBundle(input([testimony(1), testimony(1)]))).rejects.toMatchObject({ code: "invalid_input" });
    await expect(exportBundle(input([testimony(0)]))).rejects.toMatchObject({ code: "invalid_input" });
    const unfinalised = await evidence(1, "a.jpg", data, { sha256: "" });
    await expect(exportBundle(input([unfinalised]))).rejects.toMatchObject({ code: "invalid_input" });
  });
});
