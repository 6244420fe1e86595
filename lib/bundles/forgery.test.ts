/**
 * A forger's toolkit against the verifier (issue 13): each forgery of a
 * genuine bundle must FAIL with its own message, the genuine one PASS once
 * identities are checked. ZIP-level forgeries (duplicate names, unlisted
 * files, header mismatches, overlaps…) are in verify-strict.test.ts.
 *
 * The forger here may hold a member's key (bob) or only their own (mallory);
 * alice exported the genuine bundle. The organisation's keys file is made by
 * its admin (dana) with the same code as the admin's button.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64url } from "@/lib/crypto/encoding";
import { sha256 } from "@/lib/crypto/sha256";
import { signCanonical } from "@/lib/crypto/signatures";
import { evidenceStatement } from "@/lib/evidence/schema";
import { buildOrgKeys } from "@/lib/org/public-keys-client";
import { emptyKeybook, pinKey } from "@/lib/trust/keybook";
import type { BundleManifest } from "./manifest";
import { EX1, makeGenuine, party, resignedManifest, rezip, type Genuine, type Party } from "./testing/genuine-bundle";
import { bytesSource, parseOrgKeys, verifyBundle, type VerifyOptions, type VerifyResult } from "./verify-core.mjs";
import { runVerifierCli } from "./testing/verifier-cli";


let genuine: Genuine;
let mallory: Party;
let dana: Party;
let keysFile: string;
let dir: string;

const digits = (...people: Party[]) => people.map((p) => p.fingerprint.replaceAll(" ", ""));

const cli = (bytes: Uint8Array, args: string[]) => runVerifierCli(dir, bytes, args);

function orgKeys(): NonNullable<VerifyOptions["orgKeys"]> {
  const parsed = parseOrgKeys(new Uint8Array(readFileSync(keysFile)));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed;
}

async function verify(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  return verifyBundle(bytesSource(bytes), options);
}

/** The bundle with manifest.json replaced by `manifest` bytes. */
function withManifestBytes(bytes: Uint8Array, manifest: Uint8Array): Uint8Array {
  return rezip(bytes, (files) => {
    files["manifest.json"] = manifest;
  });
}

async function forged(edit: (manifest: BundleManifest) => void | Promise<void>, signer: Party, options: { keepExporter?: boolean } = {}): Promise<Uint8Array> {
  return forgedFrom(genuine.bytes, edit, signer, options);
}

async function forgedFrom(bytes: Uint8Array, edit: (manifest: BundleManifest) => void | Promise<void>, signer: Party, options: { keepExporter?: boolean } = {}): Promise<Uint8Array> {
  return withManifestBytes(bytes, await resignedManifest(unzipSync(bytes)["manifest.json"]!, edit, signer, options));
}

beforeAll(async () => {
  genuine = await makeGenuine();
  mallory = await party("Mallory");
  dana = await party("Dana Admin");
  dir = mkdtempSync(join(tmpdir(), "casevault-forgery-"));
  // The admin has compared safety numbers with alice and bob; mallory is not in the organisation.
  let keybook = emptyKeybook;
  for (const p of [genuine.alice, genuine.bob]) {
    keybook = pinKey(keybook, { userId: p.userId, boxPublicKey: toBase64url(p.keys.x25519.publicKey), signPublicKey: toBase64url(p.keys.ed25519.publicKey) }, "compared", new Date());
  }
  const people = [genuine.alice, genuine.bob, dana].map((p) => ({
    userId: p.userId,
    displayName: p.displayName,
    boxPublicKey: toBase64url(p.keys.x25519.publicKey),
    signPublicKey: toBase64url(p.keys.ed25519.publicKey),
  }));
  const built = await buildOrgKeys({ organisation: "Casevault NGO", people, keybook, me: dana.account, now: new Date() });
  keysFile = join(dir, "keys.json");
  writeFileSync(keysFile, JSON.stringify(built.file));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the genuine bundle", () => {
  it("PASSes with --expect (exit 0) and with --keys (exit 0, the keys file's signer named)", () => {
    const expected = cli(genuine.bytes, ["--expect", digits(genuine.alice, genuine.bob).join(",")]);
    expect(expected.stdout).toContain("Result: PASS");
    expect(expected.status).toBe(0);
    const keyed = cli(genuine.bytes, ["--keys", keysFile]);
    expect(keyed.stdout).toContain(`signed by Dana Admin [${dana.userId}], fingerprint ${dana.fingerprint}`);
    expect(keyed.stdout).toContain("listed as Bob Caseworker (compared in person)");
    expect(keyed.stdout).toContain("Result: PASS");
    expect(keyed.status).toBe(0);
  });

  it("--expect with a wrong fingerprint FAILs (exit 1)", () => {
    const { status, stdout } = cli(genuine.bytes, ["--expect", digits(genuine.alice, mallory).join(",")]);
    expect(stdout).toContain("exhibit 3: Bob Caseworker");
    expect(stdout).toMatch(/^Result: FAIL — every signature is valid, but 1 key did not check out/m);
    expect(status).toBe(1);
  });

  it("a keys file someone edited after the admin signed it is refused (exit 1)", () => {
    const file = JSON.parse(readFileSync(keysFile, "utf8")) as { keys: { organisation: string } };
    file.keys.organisation = "Another NGO";
    const edited = join(dir, "edited-keys.json");
    writeFileSync(edited, JSON.stringify(file));
    const { status, stderr } = cli(genuine.bytes, ["--keys", edited]);
    expect(stderr).toContain("cannot be used");
    expect(status).toBe(1);
  });
});

describe("forgeries", () => {
  it("a replaced index.pdf FAILs: the manifest signs its hash", async () => {
    const bytes = rezip(genuine.bytes, (files) => {
      files["index.pdf"] = strToU8("%PDF-1.7 a different index");
    });
    const result = await verify(bytes, { expect: digits(genuine.alice, genuine.bob) });
    expect(result.documents.find((d) => d.path === "index.pdf")).toMatchObject({ ok: false, reason: "hash mismatch" });
    expect(result.verdict).toBe("fail");
    expect(cli(bytes, []).stdout).toContain("index.pdf: FAIL — hash mismatch");
  });

  it("a manifest replaced and signed with a forger's own key, labelled as the exporter: identities FAIL; without them never PASS", async () => {
    // Mallory keeps every genuine statement and file, relabels herself "Alice Lawyer" and signs the manifest.
    const bytes = await forged((m) => {
      m.bundleName = "Hearing 12 March (corrected)";
    }, mallory);
    const unchecked = cli(bytes, []);
    expect(unchecked.stdout).toContain("identities NOT verified");
    expect(unchecked.stdout).toContain(`fingerprint ${mallory.fingerprint}`);
    expect(unchecked.status).toBe(3);
    const expected = cli(bytes, ["--expect", digits(genuine.alice, genuine.bob).join(",")]);
    expect(expected.stdout).toMatch(/exporter: Alice Lawyer \[[0-9a-f-]+\], fingerprint [\d ]+: FAIL — fingerprint not among the expected ones/);
    expect(expected.status).toBe(1);
    const keyed = await verify(bytes, { orgKeys: orgKeys() });
    expect(keyed.verdict).toBe("fail");
    expect(keyed.identity.problems.map((p) => [p.role, p.reason])).toEqual([["exporter", expect.stringMatching(/not (in|listed)/)]]);
  });

  it("a manifest changed but left under the exporter's key FAILs its signature", async () => {
    const bytes = await forged((m) => void (m.exhibits = m.exhibits.slice(1)), mallory, { keepExporter: true });
    const result = await verify(bytes);
    expect(result.manifestProblem).toContain("signature does not verify");
    expect(cli(bytes, []).status).toBe(1);
  });

  it("a statement re-signed by another member and labelled as the uploader's FAILs", async () => {
    // Bob signs a statement for alice's evidence with his own key. Named as bob: the statement names alice.
    const asBob = await forged(async (m) => {
      const exhibit = m.exhibits[0]!;
      exhibit.signature = toBase64url(await signCanonical(exhibit.statement, genuine.bob.keys.ed25519.privateKey));
      exhibit.signer = { ...m.exhibits[2]!.signer };
    }, genuine.bob);
    const one = await verify(asBob);
    expect(one.exhibits[0]).toMatchObject({ ok: false, reason: "statement mismatch", detail: "the statement names another uploader than the signer" });
    // Named as alice with bob's key: bob's key is then named for two people, and the keys file does not list it for alice.
    const asAlice = await forged(async (m) => {
      const exhibit = m.exhibits[0]!;
      exhibit.signature = toBase64url(await signCanonical(exhibit.statement, genuine.bob.keys.ed25519.privateKey));
      exhibit.signer = { ...exhibit.signer, signPublicKey: m.exhibits[2]!.signer.signPublicKey, boxPublicKey: m.exhibits[2]!.signer.boxPublicKey };
    }, genuine.bob);
    const two = await verify(asAlice, { orgKeys: orgKeys() });
    expect(two.keyConflicts).toHaveLength(1);
    expect(two.identity.problems.some((p) => p.role === "exhibit 1" && /key/.test(p.reason))).toBe(true);
    const { stdout, status } = cli(asAlice, ["--expect", digits(genuine.alice, genuine.bob).join(",")]);
    expect(stdout).toContain("Keys: FAIL — one signing key is named for 2 people");
    expect(status).toBe(1);
  });

  it("a manifest that lists one file for two exhibits FAILs", async () => {
    const bytes = await forged((m) => {
      m.exhibits[1]!.path = m.exhibits[0]!.path.toUpperCase();
    }, genuine.alice);
    const result = await verify(bytes, { expect: digits(genuine.alice, genuine.bob) });
    expect(result.listedTwice).toEqual([EX1]);
    expect(result.verdict).toBe("fail");
    expect(cli(bytes, []).stdout).toContain(`Manifest: FAIL — it lists ${EX1} more than once`);
  });

  it("a key used after its retirement window FAILs, even in a manifest its exporter signed", async () => {
    const bytes = await forged((m) => void (m.exhibits[0]!.signer.retiredUntil = "2026-02-01T00:00:00.000Z"), genuine.alice);
    const result = await verify(bytes);
    expect(result.exhibits[0]).toMatchObject({ ok: false, reason: "key retired" });
    expect(result.exhibits[0]?.detail).toContain("after this key was replaced (2026-02-01T00:00:00.000Z)");
    expect(cli(bytes, []).stdout).toContain("Exhibit 1 (report.pdf): FAIL — key retired");
  });

  it("an exhibit swapped for a file the forger signed with their own key, labelled as the uploader's, FAILs on identity", async () => {
    const doctored = strToU8("doctored report");
    const hash = toBase64url(await sha256(doctored));
    const swapped = rezip(genuine.bytes, (files) => {
      files[EX1] = doctored;
    });
    const bytes = await forgedFrom(
      swapped,
      async (m) => {
        const exhibit = m.exhibits[0]!;
        if (exhibit.kind !== "evidence") throw new Error("exhibit 1 is evidence");
        Object.assign(exhibit, { sha256: hash, size: doctored.length });
        exhibit.statement = evidenceStatement({ ...exhibit.statement, sha256: hash, size: doctored.length });
        exhibit.signature = toBase64url(await signCanonical(exhibit.statement, mallory.keys.ed25519.privateKey));
        exhibit.signer = { ...exhibit.signer, signPublicKey: toBase64url(mallory.keys.ed25519.publicKey), boxPublicKey: toBase64url(mallory.keys.x25519.publicKey) };
      },
      mallory,
    );
    const result = await verify(bytes, { expect: digits(genuine.alice, genuine.bob) });
    expect(result.exhibits[0]?.ok).toBe(true); // the forger's own signature is valid…
    expect(result.verdict).toBe("fail"); // …but it is not a key the organisation vouches for
    expect(result.identity.problems.map((p) => p.role)).toEqual(["exporter", "exhibit 1"]);
    const keyed = await verify(bytes, { orgKeys: orgKeys() });
    expect(keyed.identity.problems.map((p) => p.role)).toEqual(["exporter", "exhibit 1"]);
  });
});
