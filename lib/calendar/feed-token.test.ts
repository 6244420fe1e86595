import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashFeedToken, isFeedToken, newFeedToken } from "./feed-token";

describe("feed tokens", () => {
  it("are 32 random bytes in base64url, different every time", () => {
    const a = newFeedToken();
    const b = newFeedToken();
    expect(Buffer.from(a.token, "base64url")).toHaveLength(32);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
  });

  it("come with their SHA-256, which is what hashFeedToken computes", () => {
    const { token, tokenHash } = newFeedToken();
    expect(Buffer.from(tokenHash)).toEqual(createHash("sha256").update(token, "utf8").digest());
    expect(Buffer.from(hashFeedToken(token))).toEqual(Buffer.from(tokenHash));
  });

  it("the hash does not contain the token", () => {
    const { token, tokenHash } = newFeedToken();
    expect(Buffer.from(tokenHash).toString("base64url")).not.toContain(token);
    expect(Buffer.from(tokenHash).toString("utf8")).not.toContain(token);
  });

  it("accepts only the exact shape of a token", () => {
    expect(isFeedToken(newFeedToken().token)).toBe(true);
    expect(isFeedToken("")).toBe(false);
    expect(isFeedToken("a".repeat(42))).toBe(false);
    expect(isFeedToken("a".repeat(44))).toBe(false);
    expect(isFeedToken(`${"a".repeat(42)}=`)).toBe(false);
    expect(isFeedToken(`${"a".repeat(42)}/`)).toBe(false);
    expect(isFeedToken(`${"a".repeat(42)}\n`)).toBe(false);
  });
});
