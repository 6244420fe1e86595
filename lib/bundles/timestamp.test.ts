/**
 * Trusted timestamps in a bundle (issue 13 point 5), against a local TSA
 * (testing/test-tsa.ts, OpenSSL): the genuine stamped bundle PASSes with
 * --tsa-cert and reports the times; without --tsa-cert it is never PASS;
 * a forger's timestamps each FAIL with their own message — over a different
 * hash, with a broken TSA signature, from a TSA the court was not given.
 * The exporter's side: a stored token over something else is left out, and
 * a TSA that is down fails the export, saying so.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64url } from "@/lib/crypto/encoding";
import { sha256 } from "@/lib/crypto/sha256";
import { canonicalBytes } from "@/lib/encoding/canonical-json";
import { evidenceStatement } from "@/lib/evidence/schema";
import { BundleExportError } from "./export/errors";
import type { ExhibitInput, ExportBundleInput } from "./export/input";
import { bundleBytes, evidenceExhibit, genuineInput, party, randomBytes, readManifestFile, resignedManifest, rezip, testimonyExhibit, type Party } from "./testing/genuine-bundle";
import { makeTestTsa, type TestTsa } from "./testing/test-tsa";
import { readPdf } from "./pdf/test-support";
import { readTokenClaims } from "./verify/timestamp.mjs";
import { bytesSource, parseTsaCertificates, verifyBundle } from "./verify-core.mjs";
import { runVerifierCli } from "./testing/verifier-cli";


let tsa: TestTsa;
let rogue: TestTsa;
let alice: Party;
let bob: Party;
let dir: string;
let caPath: string;
let rogueCaPath: string;
let stamped: Uint8Array;

const b64 = (bytes: Uint8Array) => toBase64url(bytes);
const expectArgs = () => ["--expect", [alice, bob].map((p) => p.fingerprint.replaceAll(" ", "")).join(",")];

const cli = (bytes: Uint8Array, args: string[]) => runVerifierCli(dir, bytes, args);

/** An evidence exhibit whose statement `stamp` timestamped at upload. */
async function stampedEvidence(caseId: string, number: number, name: string, by: TestTsa): Promise<ExhibitInput & { kind: "evidence" }> {
  const exhibit = await evidenceExhibit(caseId, number, name, randomBytes(5000), alice);
  const statement = evidenceStatement({ evidenceId: exhibit.evidenceId, caseId, uploaderId: alice.userId, sha256: exhibit.meta.sha256, size: exhibit.meta.size, signedAt: exhibit.signedAt });
  return { ...exhibit, timestamp: b64(await by.stamp(await sha256(canonicalBytes(statement)))) };
}

async function input(exhibits: ExhibitInput[], caseId: string, timestamp?: ExportBundleInput["timestamp"]): Promise<ExportBundleInput> {
  return {
    ...genuineInput(caseId, alice, [alice, bob], exhibits),
    ...(timestamp ? { timestamp } : {}),
  };
}

const manifestOf = (bytes: Uint8Array) => readManifestFile(unzipSync(bytes)["manifest.json"]!);

/** The bundle with manifest.json's outer timestamp replaced (it is outside the signature: no re-signing needed). */
function withManifestToken(bytes: Uint8Array, token: string): Uint8Array {
  const file = manifestOf(bytes);
  file.timestamp = token;
  return rezip(bytes, (files) => void (files["manifest.json"] = strToU8(JSON.stringify(file, null, 2))));
}

beforeAll(async () => {
  [tsa, rogue, alice, bob] = await Promise.all([makeTestTsa("Casevault Test TSA"), makeTestTsa("Rogue TSA"), party("Alice Lawyer"), party("Bob Caseworker")]);
  dir = mkdtempSync(join(tmpdir(), "casevault-timestamp-"));
  caPath = join(dir, "tsa-ca.pem");
  rogueCaPath = join(dir, "rogue-ca.pem");
  writeFileSync(caPath, tsa.caPem);
  writeFileSync(rogueCaPath, rogue.caPem);
  const caseId = crypto.randomUUID();
  stamped = await bundleBytes(
    await input([await stampedEvidence(caseId, 1, "report.pdf", tsa), await testimonyExhibit(caseId, 2, bob)], caseId, async (digest) => b64(await tsa.stamp(digest))),
  );
});

afterAll(async () => {
  await Promise.all([tsa?.close(), rogue?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a genuine stamped bundle", () => {
  it("carries a token per evidence statement (inside the signed manifest) and one over the manifest (beside the signature)", () => {
    const file = manifestOf(stamped);
    expect(file.timestamp).toMatch(/^[A-Za-z0-9_-]+$/);
    const [evidence, testimony] = file.manifest.exhibits;
    expect(evidence).toMatchObject({ kind: "evidence", timestamp: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
    expect(testimony).not.toHaveProperty("timestamp");
  });

  it("PASSes with --tsa-cert (the TSA's CA) and --expect, reporting each time (exit 0)", () => {
    const { stdout, status } = cli(stamped, [...expectArgs(), "--tsa-cert", caPath]);
    expect(stdout).toMatch(/^Manifest: timestamp \d{4}-\d\d-\d\dT[\d:.]+Z by Casevault Test TSA \(TSA verified against --tsa-cert\)$/m);
    expect(stdout).toMatch(/^Exhibit 1 \(report\.pdf\): PASS — .*; timestamp \d{4}-\d\d-\d\dT[\d:.]+Z by Casevault Test TSA \(TSA verified against --tsa-cert\)$/m);
    expect(stdout).toContain("Result: PASS");
    expect(status).toBe(0);
  });

  it("prints the evidence token's time in index.pdf, in the bundle's language and zone", () => {
    const token = (manifestOf(stamped).manifest.exhibits[0] as { timestamp: string }).timestamp;
    const time = new Date(readTokenClaims(token)!.time);
    const { all } = readPdf(unzipSync(stamped)["index.pdf"]!);
    const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" }).format(time);
    expect(all).toMatch(new RegExp(`Trusted timestamp ${day}, \\d\\d:\\d\\d \\(Europe/London`));
    // The testimony has no token of its own: said so.
    expect(all).toContain("Trusted timestamp no trusted timestamp");
  });

  it("also PASSes with the TSA's own certificate as --tsa-cert", async () => {
    const certificates = parseTsaCertificates(tsa.tsaPem).certificates!;
    const result = await verifyBundle(bytesSource(stamped), { expect: expectArgs()[1]!.split(","), tsaCerts: certificates });
    expect(result.verdict).toBe("pass");
    expect(result.manifestTimestamp).toMatchObject({ status: "verified", tsa: "Casevault Test TSA" });
  });

  it("without --tsa-cert is never PASS: 'timestamp present, TSA not verified', exit 3", () => {
    const { stdout, status } = cli(stamped, expectArgs());
    expect(stdout).toContain("timestamp present, TSA not verified");
    expect(stdout).toMatch(/^Result: every file and signature checks out and identities were checked, but timestamps present, TSA not verified/m);
    expect(status).toBe(3);
  });

  it("a bundle with no timestamps is unaffected by --tsa-cert", async () => {
    const caseId = crypto.randomUUID();
    const plain = await bundleBytes(await input([await evidenceExhibit(caseId, 1, "a.pdf", randomBytes(100), alice)], caseId));
    expect(manifestOf(plain)).not.toHaveProperty("timestamp");
    const { stdout, status } = cli(plain, ["--expect", alice.fingerprint.replaceAll(" ", ""), "--tsa-cert", caPath]);
    expect(stdout).not.toContain("timestamp");
    expect(status).toBe(0);
  });
});

describe("forged timestamps", () => {
  it("a manifest timestamp over a different hash FAILs with its message", async () => {
    const other = b64(await tsa.stamp(await sha256(strToU8("another manifest"))));
    const bytes = withManifestToken(stamped, other);
    const { stdout, status } = cli(bytes, [...expectArgs(), "--tsa-cert", caPath]);
    expect(stdout).toMatch(/^Manifest: FAIL — the timestamp is over a different hash \([0-9a-f]{64}\) than what it is attached to \([0-9a-f]{64}\)$/m);
    expect(stdout).toMatch(/^Result: FAIL — the manifest's timestamp failed \(see above\)\.$/m);
    expect(status).toBe(1);
    // Without --tsa-cert too: the imprint is checked whatever the TSA.
    expect(cli(bytes, expectArgs()).status).toBe(1);
  });

  it("an evidence timestamp over a different hash FAILs that exhibit, even in a manifest its exporter re-signed", async () => {
    const other = b64(await tsa.stamp(await sha256(strToU8("another statement"))));
    const manifest = await resignedManifest(unzipSync(stamped)["manifest.json"]!, (m) => void ((m.exhibits[0] as { timestamp?: string }).timestamp = other), alice);
    const bytes = rezip(stamped, (files) => void (files["manifest.json"] = manifest));
    const result = await verifyBundle(bytesSource(bytes), { expect: expectArgs()[1]!.split(",") });
    expect(result.exhibits[0]).toMatchObject({ ok: false, reason: "bad timestamp", detail: expect.stringContaining("the timestamp is over a different hash") });
    expect(result.verdict).toBe("fail");
    expect(cli(bytes, []).stdout).toContain("Exhibit 1 (report.pdf): FAIL — bad timestamp (the timestamp is over a different hash");
  });

  it("a token whose TSA signature was tampered with FAILs with its message", async () => {
    const token = Buffer.from(manifestOf(stamped).timestamp!, "base64url");
    token[token.length - 3]! ^= 0x01; // inside the signature value, the token's last field
    const { stdout, status } = cli(withManifestToken(stamped, token.toString("base64url")), [...expectArgs(), "--tsa-cert", caPath]);
    expect(stdout).toContain("Manifest: FAIL — the TSA's signature on the timestamp does not verify");
    expect(status).toBe(1);
  });

  it("a token from another TSA than the --tsa-cert given FAILs as untrusted", async () => {
    // The forger stamps the genuine manifest with a TSA of their own: a genuine-looking token, the right hash.
    const file = manifestOf(stamped);
    const forged = withManifestToken(stamped, b64(await rogue.stamp(await sha256(canonicalBytes(file.manifest)))));
    const { stdout, status } = cli(forged, [...expectArgs(), "--tsa-cert", caPath]);
    expect(stdout).toMatch(/^Manifest: FAIL — untrusted TSA: the timestamp's certificate \(Rogue TSA\) does not chain to the --tsa-cert given/m);
    expect(status).toBe(1);
    // And the genuine bundle checked against the rogue's CA: the court was given the wrong certificate, so nothing passes.
    expect(cli(stamped, [...expectArgs(), "--tsa-cert", rogueCaPath]).status).toBe(1);
  });

  it("--tsa-cert that is not a certificate is refused as unusable input (exit 2)", () => {
    const bad = join(dir, "bad.pem");
    writeFileSync(bad, "not a certificate");
    const { stderr, status } = cli(stamped, ["--tsa-cert", bad]);
    expect(stderr).toContain("cannot be used: no PEM certificate found");
    expect(status).toBe(2);
  });
});

describe("the exporter", () => {
  it("leaves out a stored evidence token that stamps something else (the manifest's token still covers the statement)", async () => {
    const caseId = crypto.randomUUID();
    const exhibit = await evidenceExhibit(caseId, 1, "a.pdf", randomBytes(100), alice);
    const wrong = { ...exhibit, timestamp: b64(await tsa.stamp(await sha256(strToU8("not this statement")))) };
    const bytes = await bundleBytes(await input([wrong], caseId));
    expect(manifestOf(bytes).manifest.exhibits[0]).not.toHaveProperty("timestamp");
  });

  it("fails with timestamp_unavailable when the TSA is down, and makes no bundle", async () => {
    const caseId = crypto.randomUUID();
    const exhibits = [await evidenceExhibit(caseId, 1, "a.pdf", randomBytes(100), alice)];
    const down = bundleBytes(await input(exhibits, caseId, async () => Promise.reject(new Error("HTTP 503"))));
    await expect(down).rejects.toBeInstanceOf(BundleExportError);
    await expect(down).rejects.toMatchObject({ code: "timestamp_unavailable" });
  });

  it("refuses a manifest token over another hash from the TSA proxy", async () => {
    const caseId = crypto.randomUUID();
    const exhibits = [await evidenceExhibit(caseId, 1, "a.pdf", randomBytes(100), alice)];
    const lying = bundleBytes(await input(exhibits, caseId, async () => b64(await tsa.stamp(await sha256(strToU8("other"))))));
    await expect(lying).rejects.toMatchObject({ code: "timestamp_unavailable" });
  });

  it("makes no token when no TSA is configured (the proxy answers null)", async () => {
    const caseId = crypto.randomUUID();
    const bytes = await bundleBytes(await input([await evidenceExhibit(caseId, 1, "a.pdf", randomBytes(100), alice)], caseId, async () => null));
    expect(manifestOf(bytes)).not.toHaveProperty("timestamp");
  });
});
