import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded database under ./data", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe("./data");
  });

  it("names the bad variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET: must be at least 32/);
  });

  it("refuses a production server deployment without a secret", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgresql://db/casevault" }),
    ).toThrow(EnvError);
    expect(() =>
      parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgresql://db/casevault" }),
    ).toThrow(/NEXTAUTH_SECRET: is required in production/);
  });

  it("accepts a production deployment with a secret", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://db/casevault",
      NEXTAUTH_SECRET: "x".repeat(32),
    });
    expect(env.NEXTAUTH_SECRET).toHaveLength(32);
  });

  it("refuses a guessable SETUP_TOKEN", () => {
    expect(() => parseEnv({ SETUP_TOKEN: "letmein" })).toThrow(/SETUP_TOKEN: must be at least 20/);
    expect(parseEnv({ SETUP_TOKEN: " operator-chosen-token-0123 " }).SETUP_TOKEN).toBe("operator-chosen-token-0123");
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});
