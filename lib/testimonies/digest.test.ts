/**
 * The signed statement of a testimony version: the content digest is SHA-256
 * over canonical JSON (key order does not matter, any change does), base64url;
 * the statement binds testimony, case, version, author and time.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/encoding/canonical-json";
import { contentDigest, statementText, TESTIMONY_STATEMENT_TYPE, TestimonyDigestError, versionStatement, type VersionPlace } from "./digest";
import { testimonySchema } from "./schema";
import { cyrillicText, ids, sampleTestimony } from "./test-fixtures";

const place: VersionPlace = {
  testimonyId: ids.testimony,
  caseId: ids.case,
  version: 3,
  authorId: ids.author,
  signedAt: "2024-03-01T12:00:00.000Z",
};

/** Reverses key insertion order at every level. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorder(v)]));
  }
  return value;
}

describe("contentDigest", () => {
  it("is base64url SHA-256 of the canonical JSON's UTF-8 bytes (what a court recomputes)", async () => {
    const content = testimonySchema.parse(sampleTestimony());
    const expected = createHash("sha256").update(canonicalJson(content), "utf8").digest("base64url");
    await expect(contentDigest(content)).resolves.toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A known vector: SHA-256 of "{}".
    await expect(contentDigest({})).resolves.toBe("RBNvo1WzZ4oRRq0W9-hknpT7T8If536DEMBg9hyq_4o");
  });

  it("does not depend on key order", async () => {
    const content = sampleTestimony();
    expect(JSON.stringify(reorder(content))).not.toBe(JSON.stringify(content));
    await expect(contentDigest(reorder(content))).resolves.toBe(await contentDigest(content));
  });

  it("changes with any change of content: a character, a list order, an added entry", async () => {
    const base = await contentDigest(sampleTestimony());
    const variants = [
      (t: ReturnType<typeof sampleTestimony>) => (t.narrative += "."),
      (t: ReturnType<typeof sampleTestimony>) => (t.informant.name = "Иван Петрoв"), // Latin "o"
      (t: ReturnType<typeof sampleTestimony>) => t.witnesses.reverse(),
      (t: ReturnType<typeof sampleTestimony>) => (t.consent[1]!.status = "withdrawn"),
      (t: ReturnType<typeof sampleTestimony>) => (t.incidents[0]!.perpetrators = []),
    ];
    const digests = new Set([base]);
    for (const change of variants) {
      const t = sampleTestimony();
      change(t);
      digests.add(await contentDigest(t));
    }
    expect(digests.size).toBe(variants.length + 1);
  });

  it("hashes a 200 KB Cyrillic narrative", async () => {
    const t = { ...sampleTestimony(), narrative: cyrillicText(200_000) };
    await expect(contentDigest(t)).resolves.toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("refuses what is not plain JSON", async () => {
    await expect(contentDigest({ at: new Date() })).rejects.toThrow(/canonical JSON/);
    await expect(contentDigest({ x: undefined })).rejects.toThrow(/canonical JSON/);
  });
});

describe("versionStatement", () => {
  it("binds type, ids, version, author, time and the content digest", async () => {
    const content = sampleTestimony();
    const statement = await versionStatement(place, content);
    expect(statement).toEqual({ type: TESTIMONY_STATEMENT_TYPE, ...place, contentSha256: await contentDigest(content) });
    expect(statementText(statement)).toBe(
      `{"authorId":"${ids.author}","caseId":"${ids.case}","contentSha256":"${statement.contentSha256}","signedAt":"2024-03-01T12:00:00.000Z","testimonyId":"${ids.testimony}","type":"casevault.testimony-version.v1","version":3}`,
    );
  });

  it("is deterministic, and differs for another version, testimony, case, author or time", async () => {
    const content = sampleTestimony();
    const text = statementText(await versionStatement(place, content));
    expect(statementText(await versionStatement({ ...place }, reorder(content)))).toBe(text);
    const others = [
      { ...place, version: 4 },
      { ...place, testimonyId: ids.other },
      { ...place, caseId: ids.other },
      { ...place, authorId: ids.other },
      { ...place, signedAt: "2024-03-01T12:00:00.001Z" },
    ];
    for (const other of others) expect(statementText(await versionStatement(other, content))).not.toBe(text);
  });

  it("refuses malformed ids, versions and times", async () => {
    const content = sampleTestimony();
    for (const bad of [
      { ...place, version: 0 },
      { ...place, version: 1.5 },
      { ...place, testimonyId: "t-1" },
      { ...place, caseId: "" },
      { ...place, signedAt: "yesterday" },
      { ...place, signedAt: "2024-03-01T12:00:00+02:00" },
    ]) {
      await expect(versionStatement(bad, content)).rejects.toBeInstanceOf(TestimonyDigestError);
    }
  });
});
