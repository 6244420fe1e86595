/**
 * The offline verifier against real bundles made by exportBundle with real
 * keys: all PASS; one flipped byte in one exhibit fails that exhibit only (by
 * number and name, exit 1); a tampered statement is a bad signature; a missing
 * file fails; garbage is exit 2. And its canonical JSON and fingerprint are
 * byte-for-byte those of the TypeScript code.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson as tsCanonicalJson } from "@/lib/encoding/canonical-json";
import { toBase64url } from "@/lib/crypto/encoding";
import { fingerprint } from "@/lib/crypto/fingerprint";
import { sha256 } from "@/lib/crypto/sha256";
import { signCanonical } from "@/lib/crypto/signatures";
import { generateUserKeyPairs, type UserKeyPairs } from "@/lib/crypto/user-keys";
import { evidenceStatement, type EvidenceMeta } from "@/lib/evidence/schema";
import { signTestimonyVersion } from "@/lib/testimonies/sign-client";
import { exportBundle, type ExhibitInput } from "./export-client";
import { bytesSource, canonicalJson, listZip, profileFingerprint, verifyBundle, type VerifyResult } from "./verify-core.mjs";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "casevault-verify.mjs");
const caseId = crypto.randomUUID();

let alice: UserKeyPairs;
let bob: UserKeyPairs;
let bundle: Uint8Array;
let dir: string;

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  return out;
}

async function evidenceExhibit(number: number, name: string, data: Uint8Array, keys: UserKeyPairs, userId: string): Promise<ExhibitInput> {
  const evidenceId = crypto.randomUUID();
  const signedAt = "2026-03-01T10:00:00.000Z";
  const meta: EvidenceMeta = {
    name,
    type: "application/octet-stream",
    capturedAt: "2026-02-28",
    source: "Given by the survivor's sister",
    description: `Exhibit ${number} description`,
    tags: ["medical"],
    fileKey: toBase64url(randomBytes(32)),
    streamHeader: toBase64url(randomBytes(25)),
    size: data.length,
    sha256: toBase64url(await sha256(data)),
  };
  const statement = evidenceStatement({ evidenceId, caseId, sha256: meta.sha256, size: meta.size, signedAt });
  const signature = toBase64url(await signCanonical(statement, keys.ed25519.privateKey));
  return {
    kind: "evidence",
    number,
    evidenceId,
    meta,
    uploader: { userId, displayName: "Alice Lawyer", signPublicKey: toBase64url(keys.ed25519.publicKey), boxPublicKey: toBase64url(keys.x25519.publicKey) },
    signature,
    signedAt,
    reviewStatus: "admissible",
    custody: [{ seq: "1", action: "evidence.uploaded", actorId: userId, at: signedAt }],
    file: async () => new Blob([data as BlobPart]),
  };
}

async function makeBundle(): Promise<Uint8Array> {
  const aliceId = crypto.randomUUID();
  const bobId = crypto.randomUUID();
  const content = { title: "Показания", body: "Меня били в отделении.\n\"quoted\"", n: 1.5 };
  const place = { testimonyId: crypto.randomUUID(), caseId, version: 2, authorId: bobId, signedAt: "2026-03-02T09:30:00.000Z" };
  const signed = await signTestimonyVersion(place, content, bob.ed25519.privateKey);
  const exhibits: ExhibitInput[] = [
    await evidenceExhibit(1, "report.pdf", randomBytes(200_000), alice, aliceId),
    await evidenceExhibit(2, "Фото побоев.jpg", randomBytes(70_000), alice, aliceId),
    {
      kind: "testimony",
      number: 3,
      testimonyId: place.testimonyId,
      version: 2,
      content,
      author: { userId: bobId, displayName: "Bob Caseworker", signPublicKey: toBase64url(bob.ed25519.publicKey) },
      signature: signed.signature,
      signedAt: place.signedAt,
      title: "Testimony of A.",
    },
  ];
  const blob = await exportBundle({
    caseId,
    reference: "CV-2026-0042",
    bundleId: crypto.randomUUID(),
    bundleName: "Hearing 12 March",
    exportedBy: "Alice Lawyer",
    exportedAt: "2026-03-05T12:00:00.000Z",
    exhibits,
    loadFont: async () => null,
  });
  return new Uint8Array(await blob.arrayBuffer());
}

function rezip(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  change(files);
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) zippable[name] = [data, { level: 0 }];
  return zipSync(zippable);
}

function editManifest(bytes: Uint8Array, edit: (manifest: { exhibits: Record<string, unknown>[] }) => void): Uint8Array {
  return rezip(bytes, (files) => {
    const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as { exhibits: Record<string, unknown>[] };
    edit(manifest);
    files["manifest.json"] = strToU8(JSON.stringify(manifest, null, 2));
  });
}

function runCli(bytes: Uint8Array, name = "bundle.zip"): { status: number | null; stdout: string; stderr: string } {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const result = spawnSync(process.execPath, [BIN, file], { encoding: "utf8", cwd: ROOT });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function byNumber(result: VerifyResult) {
  return Object.fromEntries(result.exhibits.map((e) => [e.number, e]));
}

beforeAll(async () => {
  alice = await generateUserKeyPairs();
  bob = await generateUserKeyPairs();
  bundle = await makeBundle();
  dir = mkdtempSync(join(tmpdir(), "casevault-verify-"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("verifyBundle", () => {
  it("passes every exhibit of an untouched bundle", async () => {
    const result = await verifyBundle(bytesSource(bundle));
    expect(result.exhibits.map((e) => [e.number, e.name, e.ok, e.reason])).toEqual([
      [1, "report.pdf", true, undefined],
      [2, "Фото побоев.jpg", true, undefined],
      [3, "03-testimony-v2.json", true, undefined],
    ]);
    expect(result.ok).toBe(true);
    expect(result.unlisted).toEqual([]);
    const aliceSigner = result.signers.find((s) => s.displayName === "Alice Lawyer");
    expect(aliceSigner?.fingerprint).toBe(await fingerprint({ x25519: alice.x25519.publicKey, ed25519: alice.ed25519.publicKey }));
    expect(result.signers.find((s) => s.displayName === "Bob Caseworker")?.fingerprint).toBeNull();
  });

  it("the CLI prints PASS per exhibit and exits 0", () => {
    const { status, stdout } = runCli(bundle);
    expect(stdout).toContain("Exhibit 1 (report.pdf): PASS");
    expect(stdout).toContain("Exhibit 2 (Фото побоев.jpg): PASS");
    expect(stdout).toContain("Exhibit 3 (03-testimony-v2.json): PASS");
    expect(stdout).toContain("Result: PASS");
    expect(stdout).toMatch(/Alice Lawyer \[[0-9a-f-]+\]: fingerprint (\d{5} ){7}\d{5}; Ed25519 key [0-9a-f]{64}/);
    expect(status).toBe(0);
  });

  it("one flipped byte in one stored exhibit fails that exhibit, by number and name, and only it", async () => {
    const entry = (await listZip(bytesSource(bundle))).get("exhibits/02-Фото побоев.jpg")!;
    expect(entry.method).toBe(0);
    const nameLength = bundle[entry.localOffset + 26]! | (bundle[entry.localOffset + 27]! << 8);
    const extraLength = bundle[entry.localOffset + 28]! | (bundle[entry.localOffset + 29]! << 8);
    const tampered = bundle.slice();
    tampered[entry.localOffset + 30 + nameLength + extraLength + 1234]! ^= 0x01;

    const result = byNumber(await verifyBundle(bytesSource(tampered)));
    expect(result[1]?.ok).toBe(true);
    expect(result[2]).toMatchObject({ ok: false, reason: "hash mismatch", name: "Фото побоев.jpg" });
    expect(result[3]?.ok).toBe(true);

    const { status, stdout } = runCli(tampered, "tampered.zip");
    expect(stdout).toContain("Exhibit 1 (report.pdf): PASS");
    expect(stdout).toContain("Exhibit 2 (Фото побоев.jpg): FAIL — hash mismatch");
    expect(stdout).toContain("Exhibit 3 (03-testimony-v2.json): PASS");
    expect(stdout).toContain("Result: FAIL — 1 of 3 exhibits failed.");
    expect(status).toBe(1);
  });

  it("a flipped byte in the testimony file is a hash mismatch", async () => {
    const tampered = rezip(bundle, (files) => {
      const data = files["exhibits/03-testimony-v2.json"]!;
      data[5]! ^= 0x01;
    });
    const result = byNumber(await verifyBundle(bytesSource(tampered)));
    expect(result[3]).toMatchObject({ ok: false, reason: "hash mismatch" });
    expect(result[1]?.ok).toBe(true);
  });

  it("a tampered statement in the manifest is a bad signature", async () => {
    const tampered = editManifest(bundle, (manifest) => {
      (manifest.exhibits[0]!.statement as Record<string, unknown>).signedAt = "2026-01-01T00:00:00.000Z";
      (manifest.exhibits[2]!.statement as Record<string, unknown>).signedAt = "2026-01-01T00:00:00.000Z";
    });
    const result = byNumber(await verifyBundle(bytesSource(tampered)));
    expect(result[1]).toMatchObject({ ok: false, reason: "bad signature" });
    expect(result[2]?.ok).toBe(true);
    expect(result[3]).toMatchObject({ ok: false, reason: "bad signature" });
  });

  it("a swapped file with a matching forged statement still fails: the signature does not cover it", async () => {
    const forged = randomBytes(1000);
    const forgedHash = toBase64url(await sha256(forged));
    const tampered = editManifest(
      rezip(bundle, (files) => {
        files["exhibits/01-report.pdf"] = forged;
      }),
      (manifest) => {
        const exhibit = manifest.exhibits[0]!;
        exhibit.sha256 = forgedHash;
        exhibit.size = forged.length;
        Object.assign(exhibit.statement as Record<string, unknown>, { sha256: forgedHash, size: forged.length });
      },
    );
    expect(byNumber(await verifyBundle(bytesSource(tampered)))[1]).toMatchObject({ ok: false, reason: "bad signature" });
  });

  it("another key in the manifest is a bad signature", async () => {
    const tampered = editManifest(bundle, (manifest) => {
      (manifest.exhibits[0]!.signer as Record<string, unknown>).signPublicKey = toBase64url(bob.ed25519.publicKey);
    });
    expect(byNumber(await verifyBundle(bytesSource(tampered)))[1]).toMatchObject({ ok: false, reason: "bad signature" });
  });

  it("a missing file fails that exhibit; the CLI exits 1", async () => {
    const tampered = rezip(bundle, (files) => {
      delete files["exhibits/01-report.pdf"];
    });
    const result = byNumber(await verifyBundle(bytesSource(tampered)));
    expect(result[1]).toMatchObject({ ok: false, reason: "missing file" });
    expect(result[2]?.ok).toBe(true);
    const { status, stdout } = runCli(tampered, "missing.zip");
    expect(stdout).toContain("Exhibit 1 (report.pdf): FAIL — missing file");
    expect(status).toBe(1);
  });

  it("reads deflated entries too (a bundle re-zipped by another tool)", async () => {
    const files = unzipSync(bundle);
    const deflated = zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { level: 6 }]])) as Zippable);
    const result = await verifyBundle(bytesSource(deflated));
    expect(result.ok).toBe(true);
  });

  it("exits 2 on input that is not a bundle, and on a ZIP without a manifest", () => {
    expect(runCli(strToU8("not a zip at all"), "garbage.zip").status).toBe(2);
    expect(runCli(zipSync({ "a.txt": strToU8("x") }), "nomanifest.zip").status).toBe(2);
    const missing = spawnSync(process.execPath, [BIN, join(dir, "does-not-exist.zip")], { encoding: "utf8" });
    expect(missing.status).toBe(2);
  });
});

describe("the verifier's canonical JSON and fingerprint", () => {
  it("produces the same text as lib/encoding/canonical-json.ts on tricky inputs", () => {
    const values: unknown[] = [
      { b: 1, a: 2, c: { z: true, y: null } },
      { "\uff41": 1, "😀": 2, é: 3, Z: 4, a: 5, "": 6, "\u0000": 7 },
      { text: "Свидетельство о пытках", emoji: "📁", control: "line\nbreak\t\"quoted\"\\\u0001\u001f\u007f", lone: "\ud800x\udfff", sep: "\u2028\u2029" },
      [0, -0, 1.5, -2, 1e21, 1e-7, 123456789012, Number.MAX_SAFE_INTEGER, 0.1 + 0.2, 5e-324, -1e308],
      { nested: [[[]], [{}], { deep: [{ b: [1, { d: 1, c: 2 }] }] }] },
      Object.assign(Object.create(null) as object, { z: 1, a: [true, false, null] }),
      "plain",
      null,
      [],
      {},
    ];
    for (const value of values) {
      expect(canonicalJson(value)).toBe(tsCanonicalJson(value));
      expect(Buffer.from(canonicalJson(value), "utf8").equals(Buffer.from(tsCanonicalJson(value), "utf8"))).toBe(true);
    }
  });

  it("rejects what the TypeScript version rejects", () => {
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [NaN, Infinity, undefined, { a: undefined }, [() => 1], 10n, new Date(0), sparse, cyclic, { [Symbol("s")]: 1 }]) {
      expect(() => tsCanonicalJson(bad)).toThrow();
      expect(() => canonicalJson(bad)).toThrow();
    }
  });

  it("computes the profile fingerprint with node:crypto exactly as lib/crypto/fingerprint.ts", async () => {
    for (const keys of [alice, bob]) {
      expect(profileFingerprint(keys.x25519.publicKey, keys.ed25519.publicKey)).toBe(
        await fingerprint({ x25519: keys.x25519.publicKey, ed25519: keys.ed25519.publicKey }),
      );
    }
  });
});

// The verifier must run from a clean checkout's bin entry.
describe("package.json", () => {
  it("exposes casevault-verify as a bin", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin?: Record<string, string> };
    expect(pkg.bin?.["casevault-verify"]).toBe("bin/casevault-verify.mjs");
  });
});
