/**
 * The strict verifier (issue 13): a forger takes a genuine bundle made by
 * exportBundle with real keys and changes one thing in the ZIP itself; each
 * forgery must FAIL with its own message naming the entry, while the genuine
 * bundle still PASSes. The forgeries are written byte by byte with
 * lib/bundles/testing/forge-zip.ts, not by a ZIP library that would tidy them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BundleManifest } from "./manifest";
import { EX1, EX2, EX3, EX3_PDF, makeGenuine, randomBytes, resignedManifest, type Genuine } from "./testing/genuine-bundle";
import {
  cloneEntry,
  descriptorBytes,
  entryName,
  extraField,
  findEntry,
  forge,
  localBytes,
  readRawZip,
  renameEntry,
  setStoredData,
  storedEntry,
  utf8,
  writeRawZip,
  type RawZip,
} from "./testing/forge-zip";
import { BundleUnreadableError, bytesSource, formatReport, listZip, nameKey, unsafeNameReason, verifyBundle, type VerifyResult } from "./verify-core.mjs";
import { runVerifierCli } from "./testing/verifier-cli";


let fixture: Genuine;
let genuine: Uint8Array;
let dir: string;

/** A doctored copy of an entry: same name, other (consistent) content. */
function doctoredCopy(raw: RawZip, name: string) {
  const copy = cloneEntry(findEntry(raw, name));
  setStoredData(copy, randomBytes(copy.central.size));
  return copy;
}

/** manifest.json edited and re-signed by the genuine exporter, so only the edit (and what the ZIP does) is wrong. */
async function editedManifest(edit: (manifest: BundleManifest) => void): Promise<Uint8Array> {
  return resignedManifest(findEntry(readRawZip(genuine), "manifest.json").data, edit, fixture.alice);
}

/** Renames exhibit 1 in the ZIP and in the (re-signed) manifest, so nothing but the name is wrong. */
async function renameExhibit1(name: string): Promise<Uint8Array> {
  const manifest = await editedManifest((m) => {
    m.exhibits[0]!.path = name;
  });
  return forge(genuine, (raw) => {
    renameEntry(findEntry(raw, EX1), name);
    setStoredData(findEntry(raw, "manifest.json"), manifest);
  });
}

async function verify(bytes: Uint8Array): Promise<VerifyResult> {
  return verifyBundle(bytesSource(bytes));
}

/** The forgery fails, with a problem matching `message` for that entry (undefined: the archive as a whole). */
async function expectProblem(bytes: Uint8Array, entry: string | undefined, message: RegExp): Promise<VerifyResult> {
  const result = await verify(bytes);
  expect(result.ok).toBe(false);
  const matching = result.problems.filter((p) => p.entry === entry && message.test(p.message));
  expect(matching, `problems: ${JSON.stringify(result.problems, null, 2)}`).not.toHaveLength(0);
  const report = formatReport(result);
  expect(report).toContain("ZIP structure: FAIL");
  expect(report).toMatch(/^Result: FAIL — /m);
  return result;
}

function exhibit(result: VerifyResult, number: number) {
  return result.exhibits.find((e) => e.number === number);
}

const runCli = (bytes: Uint8Array, name: string, args: string[] = []) => runVerifierCli(dir, bytes, args, name);

beforeAll(async () => {
  fixture = await makeGenuine();
  genuine = fixture.bytes;
  dir = mkdtempSync(join(tmpdir(), "casevault-strict-"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("control: the genuine bundle", () => {
  it("passes, with no problem in the ZIP, and says so", async () => {
    const result = await verify(genuine);
    expect(result.problems).toEqual([]);
    expect(result.unlisted).toEqual([]);
    expect(result.exhibits.map((e) => [e.number, e.ok])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(result.ok).toBe(true);
    const report = formatReport(result);
    expect(report).toContain("ZIP structure: PASS");
    expect(report).toContain("Result: signatures valid, identities NOT verified");
    expect([...(await listZip(bytesSource(genuine))).keys()]).toEqual(["manifest.json", "index.pdf", EX3_PDF, EX1, EX2, EX3]);
  });

  it("is read and written back byte for byte by the forging helpers (so each forgery changes only what it says)", () => {
    expect(Buffer.from(writeRawZip(readRawZip(genuine))).equals(Buffer.from(genuine))).toBe(true);
  });
});

describe("duplicate entry names", () => {
  it("a doctored second copy of an exhibit (what other tools extract) fails, naming the entry", async () => {
    const forged = forge(genuine, (raw) => raw.entries.push(doctoredCopy(raw, EX1)));
    // The reported attack: a lenient reader keeps the last copy, the doctored one.
    expect(Buffer.from(unzipSync(forged)[EX1]!).equals(Buffer.from(unzipSync(genuine)[EX1]!))).toBe(false);
    const result = await expectProblem(forged, EX1, /^duplicate entry name: 2 entries are named "exhibits\/01-report\.pdf", "exhibits\/01-report\.pdf"/);
    expect(exhibit(result, 1)).toMatchObject({ ok: false, reason: "malformed entry" });
    expect(exhibit(result, 2)?.ok).toBe(true);
  });

  it("a doctored first copy fails too", async () => {
    const forged = forge(genuine, (raw) => raw.entries.splice(2, 0, doctoredCopy(raw, EX1)));
    const result = await expectProblem(forged, EX1, /^duplicate entry name/);
    expect(exhibit(result, 1)).toMatchObject({ ok: false, reason: "malformed entry" });
  });

  it("a copy whose name differs only in case fails (one file on Windows and macOS)", async () => {
    const forged = forge(genuine, (raw) => {
      const copy = doctoredCopy(raw, EX1);
      renameEntry(copy, "EXHIBITS/01-Report.PDF");
      raw.entries.push(copy);
    });
    const result = await expectProblem(forged, EX1, /^duplicate entry name: 2 entries are named "exhibits\/01-report\.pdf", "EXHIBITS\/01-Report\.PDF" \(compared after Unicode NFC normalisation and case folding/);
    expect(exhibit(result, 1)).toMatchObject({ ok: false, reason: "malformed entry" });
  });

  it("a copy whose name is the same text in another Unicode normal form (NFD) fails", async () => {
    const nfd = EX2.normalize("NFD");
    expect(nfd).not.toBe(EX2);
    const forged = forge(genuine, (raw) => {
      const copy = doctoredCopy(raw, EX2);
      renameEntry(copy, nfd);
      raw.entries.push(copy);
    });
    const result = await expectProblem(forged, EX2, /^duplicate entry name: 2 entries are named/);
    expect(exhibit(result, 2)).toMatchObject({ ok: false, reason: "malformed entry" });
  });

  it("a second manifest.json fails, and no exhibit is checked against either", async () => {
    const forged = forge(genuine, (raw) => raw.entries.push(cloneEntry(findEntry(raw, "manifest.json"))));
    const result = await expectProblem(forged, "manifest.json", /^duplicate entry name/);
    expect(result.exhibitsChecked).toBe(false);
    expect(result.exhibits).toEqual([]);
    expect(formatReport(result)).toContain("The exhibits were not checked: manifest.json cannot be read unambiguously.");
  });

  it("the name key folds case and Unicode form", () => {
    expect(nameKey("Straße/É.PDF")).toBe(nameKey("STRASSE/e\u0301.pdf"));
    expect(nameKey("a.pdf")).not.toBe(nameKey("b.pdf"));
  });
});

describe("the manifest and the entries must match one to one", () => {
  it("an entry the manifest does not list fails (before: only a warning)", async () => {
    const forged = forge(genuine, (raw) => {
      raw.entries.push(storedEntry("exhibits/99-extra.pdf", randomBytes(100)));
      raw.entries.push(storedEntry("notes.txt", utf8("hello")));
    });
    const result = await expectProblem(forged, "exhibits/99-extra.pdf", /^not listed in the manifest/);
    await expectProblem(forged, "notes.txt", /^not listed in the manifest/);
    expect(result.unlisted).toEqual(["exhibits/99-extra.pdf", "notes.txt"]);
    expect(result.exhibits.every((e) => e.ok)).toBe(true);
    expect(formatReport(result)).toContain("Result: FAIL — every file and signature checks out, but 2 problems with the ZIP itself (listed above).");
  });

  it("an exhibit the manifest lists but the ZIP lacks fails, naming the path", async () => {
    const forged = forge(genuine, (raw) => {
      raw.entries = raw.entries.filter((e) => entryName(e) !== EX1);
    });
    const result = await verify(forged);
    expect(result.ok).toBe(false);
    expect(exhibit(result, 1)).toMatchObject({ ok: false, reason: "missing file", detail: `"${EX1}" is not in the ZIP` });
    expect(formatReport(result)).toContain(`Exhibit 1 (report.pdf): FAIL — missing file ("${EX1}" is not in the ZIP)`);
  });
});

describe("local and central headers must agree", () => {
  const cases: [string, (raw: RawZip) => void, RegExp][] = [
    ["name", (raw) => void (findEntry(raw, EX1).local!.name = utf8("exhibits/01-report.exe")), /disagree on the name \(local "exhibits\/01-report\.exe"\)/],
    ["compressed size", (raw) => void (findEntry(raw, EX1).local!.compressedSize = 5), /disagree on the compressed size \(local 5, central 40000\)/],
    ["size", (raw) => void (findEntry(raw, EX1).local!.size = 7), /disagree on the size \(local 7, central 40000\)/],
    ["CRC-32", (raw) => void (findEntry(raw, EX1).local!.crc = 0x12345678), /disagree on the CRC-32 \(local 0x12345678, central 0x[0-9a-f]{8}\)/],
    ["compression method", (raw) => void (findEntry(raw, EX1).local!.method = 8), /disagree on the compression method \(local 8, central 0\)/],
    ["flags", (raw) => void (findEntry(raw, EX1).local!.flags = 0x0808), /disagree on the flags \(local 0x0808, central 0x0008\)/],
  ];
  it.each(cases)("a different %s in the local header fails", async (_field, edit, message) => {
    const result = await expectProblem(forge(genuine, edit), EX1, new RegExp(`^the local header and the central directory ${message.source}`));
    expect(exhibit(result, 1)).toMatchObject({ ok: false, reason: "malformed entry" });
    expect(exhibit(result, 2)?.ok).toBe(true);
  });

  it("a data descriptor that differs from the central directory fails", async () => {
    const forged = forge(genuine, (raw) => {
      const entry = findEntry(raw, EX1);
      entry.descriptor = descriptorBytes(entry.central.crc ^ 1, entry.central.compressedSize, entry.central.size);
    });
    await expectProblem(forged, EX1, /^the data descriptor and the central directory disagree on the CRC-32$/);
  });

  it("a CRC-32 that is consistent in every header but wrong for the data fails (the exhibit's SHA-256 still matches)", async () => {
    const forged = forge(genuine, (raw) => {
      const entry = findEntry(raw, EX1);
      entry.central.crc ^= 0xff;
      entry.descriptor = descriptorBytes(entry.central.crc, entry.central.compressedSize, entry.central.size);
    });
    const result = await expectProblem(forged, EX1, /^the CRC-32 of the data \(0x[0-9a-f]{8}\) differs from the header/);
    expect(exhibit(result, 1)).toMatchObject({ ok: false, reason: "malformed entry" });
  });
});

describe("overlapping entries and bytes no entry explains", () => {
  it("an exhibit hidden inside another entry's data (overlap) fails", async () => {
    const forged = forge(genuine, (raw) => {
      const index = findEntry(raw, "index.pdf");
      const target = findEntry(raw, EX1);
      const indexPosition = raw.entries.indexOf(index);
      // index.pdf now holds exhibit 1's local header and data; exhibit 1's central record points into it.
      setStoredData(index, localBytes(target));
      target.local = null;
      target.central.localOffset = (layout) => layout.dataOffsets[indexPosition]!;
    });
    const result = await expectProblem(forged, EX1, /^overlaps entry "index\.pdf"/);
    expect(exhibit(result, 1)).toMatchObject({ ok: false, reason: "malformed entry" });
  });

  it("two central records for one local header fail", async () => {
    const forged = forge(genuine, (raw) => {
      const copy = cloneEntry(findEntry(raw, EX1));
      renameEntry(copy, "exhibits/01-copy.pdf");
      copy.local = null;
      copy.central.localOffset = (layout) => layout.localOffsets[raw.entries.indexOf(findEntry(raw, EX1))]!;
      raw.entries.push(copy);
    });
    await expectProblem(forged, "exhibits/01-copy.pdf", /^overlaps entry "exhibits\/01-report\.pdf"/);
  });

  it("bytes between two entries fail, naming the entry after them", async () => {
    const forged = forge(genuine, (raw) => void (findEntry(raw, EX2).before = utf8("hidden payload")));
    await expectProblem(forged, EX2, /^14 bytes at offset \d+ before this entry belong to no entry$/);
  });

  it("bytes before the first entry (a prepended file) fail", async () => {
    const forged = forge(genuine, (raw) => void (raw.entries[0]!.before = utf8("%PDF-1.7 polyglot")));
    const result = await expectProblem(forged, "manifest.json", /^17 bytes at offset 0 before this entry belong to no entry$/);
    expect(result.exhibitsChecked).toBe(false);
  });

  it("bytes between the last entry and the central directory fail", async () => {
    const forged = forge(genuine, (raw) => void (raw.beforeCentral = randomBytes(64)));
    await expectProblem(forged, undefined, /^64 bytes at offset \d+, before the central directory, belong to no entry$/);
  });
});

describe("unsafe names", () => {
  const names: [string, RegExp][] = [
    ["../01-report.pdf", /path traversal/],
    ["exhibits/../../01-report.pdf", /path traversal/],
    ["exhibits/./01-report.pdf", /path traversal/],
    ["/exhibits/01-report.pdf", /absolute path/],
    ["exhibits\\01-report.pdf", /backslash in the name/],
    ["C:/exhibits/01-report.pdf", /drive letter/],
    ["exhibits//01-report.pdf", /empty path segment/],
    ["exhibits/01-report.pdf.", /a path segment ends with a dot or space/],
    ["exhibits/01-re\u0000port.pdf", /control character/],
    ["exhibits/01-report.pdf:hidden", /a character Windows cannot store/],
  ];
  it.each(names)("%j fails as an unsafe name, even when the manifest lists it", async (name, why) => {
    const result = await expectProblem(await renameExhibit1(name), name, new RegExp(`^unsafe name: ${why.source}`));
    expect(exhibit(result, 1)).toMatchObject({ ok: false, reason: "malformed entry" });
    expect(exhibit(result, 2)?.ok).toBe(true);
  });

  it("accepts the names the exporter writes", () => {
    for (const name of ["manifest.json", "index.pdf", EX1, EX2, "exhibits/100-testimony-v4.json"]) expect(unsafeNameReason(name)).toBeNull();
  });

  it("a name with non-ASCII bytes not marked UTF-8 fails (tools read it differently)", async () => {
    const forged = forge(genuine, (raw) => {
      const entry = findEntry(raw, EX1);
      entry.central.name = Uint8Array.from(Buffer.from("exhibits/01-r\u00e9port.pdf", "latin1"));
      entry.local!.name = entry.central.name.slice();
    });
    await expectProblem(forged, "exhibits/01-r\u00e9port.pdf", /^the name has non-ASCII bytes but is not marked UTF-8/);
  });

  it("an Info-ZIP Unicode path extra field (a second name) fails", async () => {
    const forged = forge(genuine, (raw) => {
      const entry = findEntry(raw, EX1);
      entry.central.extra = extraField(0x7075, Uint8Array.of(1, 0, 0, 0, 0, ...utf8("exhibits/01-other.pdf")));
    });
    await expectProblem(forged, EX1, /^Info-ZIP Unicode path extra field \(0x7075\) in the central header/);
  });

  it("a symbolic link fails", async () => {
    const forged = forge(genuine, (raw) => {
      const entry = findEntry(raw, EX1);
      entry.central.versionMadeBy = (3 << 8) | 20;
      entry.central.externalAttributes = (0o120777 << 16) >>> 0;
    });
    await expectProblem(forged, EX1, /^not a regular file \(Unix mode 0o120777: a symbolic link\)$/);
  });
});

describe("encryption and compression methods", () => {
  it("an encrypted entry (flag bit 0) fails", async () => {
    const forged = forge(genuine, (raw) => {
      const entry = findEntry(raw, EX1);
      entry.central.flags |= 1;
      entry.local!.flags |= 1;
    });
    const result = await expectProblem(forged, EX1, /^encrypted entry \(general-purpose flag bit 0 in the central header\)$/);
    expect(exhibit(result, 1)).toMatchObject({ ok: false, reason: "malformed entry" });
  });

  it("a compression method other than stored or deflate fails", async () => {
    const forged = forge(genuine, (raw) => {
      const entry = findEntry(raw, EX1);
      entry.central.method = 12;
      entry.local!.method = 12;
    });
    await expectProblem(forged, EX1, /^compression method 12 in the central header \(only stored, 0, and deflate, 8, are read\)$/);
  });

  it("an entry comment fails", async () => {
    const forged = forge(genuine, (raw) => void (findEntry(raw, EX1).central.comment = utf8("see also")));
    await expectProblem(forged, EX1, /^the entry has a 8-byte comment$/);
  });
});

describe("what the verifier does not understand: ZIP64, several disks, comments, trailing data, a misplaced central directory", () => {
  it("a ZIP64 end record and locator before the end record fail", async () => {
    const forged = forge(genuine, (raw) => {
      // A ZIP64 end record (56 bytes) and its locator (20 bytes), as a ZIP64 writer adds them.
      const record = new Uint8Array(56);
      new DataView(record.buffer).setUint32(0, 0x06064b50, true);
      const locator = new Uint8Array(20);
      new DataView(locator.buffer).setUint32(0, 0x07064b50, true);
      raw.afterCentral = new Uint8Array([...record, ...locator]);
    });
    await expectProblem(forged, undefined, /^ZIP64 end-of-central-directory locator before the end record/);
  });

  it("a ZIP64 extra field fails", async () => {
    const forged = forge(genuine, (raw) => void (findEntry(raw, EX1).central.extra = extraField(0x0001, new Uint8Array(16))));
    await expectProblem(forged, EX1, /^ZIP64 extra field in the central header/);
  });

  it("an end record with ZIP64 markers is unreadable (exit 2)", async () => {
    const forged = forge(genuine, (raw) => void (raw.end.totalEntries = 0xffff));
    await expect(verify(forged)).rejects.toThrow(new BundleUnreadableError("ZIP64 archives are not supported"));
    const cli = runCli(forged, "zip64.zip");
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain("ZIP64 archives are not supported");
  });

  it("a multi-disk archive fails", async () => {
    await expectProblem(forge(genuine, (raw) => void (raw.end.disk = 1)), undefined, /^multi-disk archive \(this is disk 1/);
    await expectProblem(forge(genuine, (raw) => void (findEntry(raw, EX1).central.disk = 2)), EX1, /^multi-disk archive \(the entry starts on disk 2\)$/);
  });

  it("an end-of-central-directory comment fails", async () => {
    await expectProblem(forge(genuine, (raw) => void (raw.end.comment = utf8("hello"))), undefined, /^the end-of-central-directory record has a 5-byte comment$/);
  });

  it("trailing data after the end record fails", async () => {
    const forged = forge(genuine, (raw) => void (raw.trailing = randomBytes(300)));
    await expectProblem(forged, undefined, /^300 bytes of trailing data after the end-of-central-directory record$/);
  });

  it("a central directory that does not end where the end record says fails", async () => {
    const forged = forge(genuine, (raw) => void (raw.afterCentral = utf8("0123456789")));
    await expectProblem(forged, undefined, /^the central directory ends at byte \d+, but the end-of-central-directory record is at byte \d+$/);
  });

  it("an end record that counts fewer entries than the central directory holds fails", async () => {
    const forged = forge(genuine, (raw) => {
      raw.end.totalEntries = 4;
      raw.end.diskEntries = 4;
    });
    await expectProblem(forged, undefined, /^the central directory holds more entries than the 4 the end-of-central-directory record counts$/);
  });
});

describe("the command line", () => {
  it("exits 1 on the duplicate-name forgery and names the entry and the cause", () => {
    const forged = forge(genuine, (raw) => raw.entries.push(doctoredCopy(raw, EX1)));
    const { status, stdout } = runCli(forged, "duplicate.zip");
    expect(status).toBe(1);
    expect(stdout).toContain("ZIP structure: FAIL");
    expect(stdout).toContain(`"${EX1}": duplicate entry name: 2 entries are named "${EX1}", "${EX1}"`);
    expect(stdout).toContain("Exhibit 1 (report.pdf): FAIL — malformed entry (duplicate entry name");
    expect(stdout.match(/duplicate entry name/g)).toHaveLength(2); // once in the ZIP's problems, once on the exhibit's line
    expect(stdout).toMatch(/^Result: FAIL — 1 file failed\. 1 problem with the ZIP itself \(listed above\)\.$/m);
  });

  it("exits 0 on the genuine bundle with its signers' fingerprints", () => {
    const { status, stdout } = runCli(genuine, "genuine.zip", ["--expect", `${fixture.alice.fingerprint},${fixture.bob.fingerprint}`]);
    expect(stdout).toContain("ZIP structure: PASS");
    expect(status).toBe(0);
  });

  it("prints text from the bundle with control characters escaped (no terminal tricks)", async () => {
    const manifest = await editedManifest((m) => {
      m.bundleName = "x\u001b[2K\rResult: PASS";
    });
    const forged = forge(genuine, (raw) => setStoredData(findEntry(raw, "manifest.json"), manifest));
    const report = formatReport(await verify(forged));
    expect(report).not.toContain("\u001b");
    expect(report).toContain("x\\u001b[2K\\u000dResult: PASS");
  });
});
