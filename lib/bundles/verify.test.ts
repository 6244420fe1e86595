/**
 * The offline verifier against real bundles made by exportBundle with real
 * keys: every signature valid but identities unchecked is exit 3, never
 * PASS; with the signers' fingerprints (--expect) PASS, exit 0; one flipped
 * byte in one exhibit fails that exhibit only (by number and name, exit 1);
 * a changed manifest fails its signature before anything else; a missing file
 * fails; garbage is exit 2. And its canonical JSON and fingerprint are
 * byte-for-byte those of the TypeScript code.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson as tsCanonicalJson } from "@/lib/encoding/canonical-json";
import { toBase64url } from "@/lib/crypto/encoding";
import { fingerprint } from "@/lib/crypto/fingerprint";
import { sha256 } from "@/lib/crypto/sha256";
import { EX1, EX2, EX3, makeGenuine, randomBytes, readManifestFile, resignedManifest, rezip, type Genuine } from "./testing/genuine-bundle";
import { bytesSource, canonicalJson, listZip, profileFingerprint, verifyBundle, type VerifyResult } from "./verify-core.mjs";
import { REPO_ROOT, VERIFIER_BIN, runVerifierCli } from "./testing/verifier-cli";


let genuine: Genuine;
let bundle: Uint8Array;
let dir: string;

const runCli = (bytes: Uint8Array, name = "bundle.zip", args: string[] = []) => runVerifierCli(dir, bytes, args, name);

function byNumber(result: VerifyResult) {
  return Object.fromEntries(result.exhibits.map((e) => [e.number, e]));
}

/** The bundle with its manifest edited and re-signed by the genuine exporter: only the edit is wrong. */
async function withManifest(edit: Parameters<typeof resignedManifest>[1], bytes = bundle): Promise<Uint8Array> {
  const files = unzipSync(bytes);
  const manifest = await resignedManifest(files["manifest.json"]!, edit, genuine.alice);
  return rezip(bytes, (f) => {
    f["manifest.json"] = manifest;
  });
}

const expectBoth = () => ["--expect", `${genuine.alice.fingerprint},${genuine.bob.fingerprint}`];

beforeAll(async () => {
  genuine = await makeGenuine([200_000, 70_000]);
  bundle = genuine.bytes;
  dir = mkdtempSync(join(tmpdir(), "casevault-verify-"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("verifyBundle", () => {
  it("an untouched bundle: every file and signature valid, identities unverified until checked", async () => {
    const result = await verifyBundle(bytesSource(bundle));
    expect(result.exhibits.map((e) => [e.number, e.name, e.ok, e.reason])).toEqual([
      [1, "report.pdf", true, undefined],
      [2, "Отчёт врача.pdf", true, undefined],
      [3, "03-testimony-v2.json", true, undefined],
    ]);
    expect(result.documents.map((d) => [d.path, d.ok])).toEqual([
      ["index.pdf", true],
      ["exhibits/03-testimony-v2.pdf", true],
    ]);
    expect(result.ok).toBe(true);
    expect(result.verdict).toBe("unverified");
    expect(result.unlisted).toEqual([]);
    expect(result.manifest.exporter?.fingerprint).toBe(genuine.alice.fingerprint);
    expect(result.people.map((p) => p.fingerprint)).toEqual([genuine.alice.fingerprint, genuine.bob.fingerprint]);
    expect(result.exhibits[2]?.signer?.fingerprint).toBe(genuine.bob.fingerprint);
  });

  it("the CLI without --expect or --keys: signatures valid, identities NOT verified, exit 3, fingerprints listed", () => {
    const { status, stdout } = runCli(bundle);
    expect(stdout).toContain("Manifest: signature valid; exported and signed by Alice Lawyer");
    expect(stdout).toContain("Exhibit 1 (report.pdf): PASS");
    expect(stdout).toContain("Exhibit 3 (03-testimony-v2.json): PASS — signed 2026-03-02T09:30:00.000Z by Bob Caseworker");
    expect(stdout).toContain(`fingerprint ${genuine.alice.fingerprint}`);
    expect(stdout).toContain(`fingerprint ${genuine.bob.fingerprint}`);
    expect(stdout).toContain("Result: signatures valid, identities NOT verified: compare these fingerprints with the organisation");
    expect(stdout).not.toContain("Result: PASS");
    expect(status).toBe(3);
  });

  it("--expect with every signer's fingerprint (spaces or none): PASS, exit 0", () => {
    const { status, stdout } = runCli(bundle, "bundle.zip", expectBoth());
    expect(stdout).toContain("Every key that signed is the expected person's.");
    expect(stdout).toContain("Result: PASS");
    expect(status).toBe(0);
    const compact = runCli(bundle, "bundle.zip", [`--expect=${genuine.alice.fingerprint.replaceAll(" ", "")}`, "--expect", genuine.bob.fingerprint]);
    expect(compact.status).toBe(0);
  });

  it("--expect without one signer's fingerprint, or with a wrong one: FAIL naming who, exit 1", () => {
    const missingBob = runCli(bundle, "bundle.zip", ["--expect", genuine.alice.fingerprint]);
    expect(missingBob.stdout).toContain("exhibit 3: Bob Caseworker");
    expect(missingBob.stdout).toContain("FAIL — fingerprint not among the expected ones");
    expect(missingBob.stdout).toContain("Result: FAIL");
    expect(missingBob.status).toBe(1);
    const wrong = runCli(bundle, "bundle.zip", ["--expect", "1".repeat(40)]);
    expect(wrong.stdout).toContain("exporter: Alice Lawyer");
    expect(wrong.status).toBe(1);
    const malformed = runCli(bundle, "bundle.zip", ["--expect", "12345"]);
    expect(malformed.stderr).toContain("is not a fingerprint");
    expect(malformed.status).toBe(2);
  });

  it("one flipped byte in one stored exhibit fails that exhibit, by number and name, and only it", async () => {
    const entry = (await listZip(bytesSource(bundle))).get(EX2)!;
    expect(entry.method).toBe(0);
    const nameLength = bundle[entry.localOffset + 26]! | (bundle[entry.localOffset + 27]! << 8);
    const extraLength = bundle[entry.localOffset + 28]! | (bundle[entry.localOffset + 29]! << 8);
    const tampered = bundle.slice();
    tampered[entry.localOffset + 30 + nameLength + extraLength + 1234]! ^= 0x01;

    const result = byNumber(await verifyBundle(bytesSource(tampered)));
    expect(result[1]?.ok).toBe(true);
    expect(result[2]).toMatchObject({ ok: false, reason: "hash mismatch", name: "Отчёт врача.pdf" });
    expect(result[3]?.ok).toBe(true);

    const { status, stdout } = runCli(tampered, "tampered.zip", expectBoth());
    expect(stdout).toContain("Exhibit 1 (report.pdf): PASS");
    expect(stdout).toContain("Exhibit 2 (Отчёт врача.pdf): FAIL — hash mismatch");
    expect(stdout).toContain("Exhibit 3 (03-testimony-v2.json): PASS");
    expect(stdout).toContain("Result: FAIL — 1 file failed.");
    expect(status).toBe(1);
  });

  it("a flipped byte in the testimony file is a hash mismatch", async () => {
    const tampered = rezip(bundle, (files) => {
      files[EX3]![5]! ^= 0x01;
    });
    const result = byNumber(await verifyBundle(bytesSource(tampered)));
    expect(result[3]).toMatchObject({ ok: false, reason: "hash mismatch" });
    expect(result[1]?.ok).toBe(true);
  });

  it("any change to the manifest fails its signature first, and nothing else is checked", async () => {
    const tampered = rezip(bundle, (files) => {
      const file = readManifestFile(files["manifest.json"]!);
      file.manifest.bundleName = "Hearing 13 March";
      files["manifest.json"] = strToU8(JSON.stringify(file));
    });
    const result = await verifyBundle(bytesSource(tampered), { expect: [genuine.alice.fingerprint, genuine.bob.fingerprint].map((f) => f.replaceAll(" ", "")) });
    expect(result).toMatchObject({ ok: false, verdict: "fail", exhibitsChecked: false, exhibits: [] });
    expect(result.manifestProblem).toContain("signature does not verify");
    const { status, stdout } = runCli(tampered, "manifest.zip");
    expect(stdout).toContain("Manifest: FAIL — the manifest's signature does not verify");
    expect(status).toBe(1);
  });

  it("a tampered statement is a bad signature, even in a manifest the exporter re-signed", async () => {
    const tampered = await withManifest((manifest) => {
      manifest.exhibits[0]!.statement.signedAt = "2026-01-01T00:00:00.000Z";
      manifest.exhibits[2]!.statement.signedAt = "2026-01-01T00:00:00.000Z";
    });
    const result = byNumber(await verifyBundle(bytesSource(tampered)));
    expect(result[1]).toMatchObject({ ok: false, reason: "bad signature" });
    expect(result[2]?.ok).toBe(true);
    expect(result[3]).toMatchObject({ ok: false, reason: "bad signature" });
  });

  it("a swapped file with a matching forged statement still fails: the uploader's signature does not cover it", async () => {
    const forged = randomBytes(1000);
    const forgedHash = toBase64url(await sha256(forged));
    const swapped = rezip(bundle, (files) => {
      files[EX1] = forged;
    });
    const tampered = await withManifest((manifest) => {
      const exhibit = manifest.exhibits[0]!;
      if (exhibit.kind !== "evidence") throw new Error("exhibit 1 is evidence");
      Object.assign(exhibit, { sha256: forgedHash, size: forged.length });
      Object.assign(exhibit.statement, { sha256: forgedHash, size: forged.length });
    }, swapped);
    expect(byNumber(await verifyBundle(bytesSource(tampered)))[1]).toMatchObject({ ok: false, reason: "bad signature" });
  });

  it("another key named for the signer is a bad signature", async () => {
    const tampered = await withManifest((manifest) => {
      manifest.exhibits[0]!.signer.signPublicKey = toBase64url(genuine.bob.keys.ed25519.publicKey);
    });
    const result = await verifyBundle(bytesSource(tampered));
    expect(byNumber(result)[1]).toMatchObject({ ok: false, reason: "bad signature" });
  });

  it("a missing file fails that exhibit; the CLI exits 1", async () => {
    const tampered = rezip(bundle, (files) => {
      delete files[EX1];
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
    const missing = spawnSync(process.execPath, [VERIFIER_BIN, join(dir, "does-not-exist.zip")], { encoding: "utf8" });
    expect(missing.status).toBe(2);
  });

  it("an unsigned manifest from an earlier version fails with its reason", async () => {
    const old = rezip(bundle, (files) => {
      files["manifest.json"] = strToU8(JSON.stringify({ format: "casevault-bundle/1", exhibits: [] }));
    });
    const result = await verifyBundle(bytesSource(old));
    expect(result.verdict).toBe("fail");
    expect(result.manifestProblem).toContain("not signed (format casevault-bundle/1");
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
    for (const { keys } of [genuine.alice, genuine.bob]) {
      expect(profileFingerprint(keys.x25519.publicKey, keys.ed25519.publicKey)).toBe(
        await fingerprint({ x25519: keys.x25519.publicKey, ed25519: keys.ed25519.publicKey }),
      );
    }
  });
});

// The verifier must run from a clean checkout's bin entry.
describe("package.json", () => {
  it("exposes casevault-verify as a bin", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { bin?: Record<string, string> };
    expect(pkg.bin?.["casevault-verify"]).toBe("bin/casevault-verify.mjs");
  });
});
