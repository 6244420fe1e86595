import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { withTestDatabase } from "@/lib/testing/test-db";
import type { SetupWire } from "./schema";

// completeSetup with the set-up token: refused without it or with a wrong
// one (before any Argon2id hash is computed), accepted once with it, and the
// token file is gone and the token dead afterwards.

const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/auth/authkey-hash", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/authkey-hash")>();
  return {
    ...original,
    hashAuthKey: async (authKey: Uint8Array) => {
      hashes.count += 1;
      return original.hashAuthKey(authKey);
    },
  };
});

// PostgreSQL runs set no DATA_DIR: keep the token file out of ./data.
delete process.env.SETUP_TOKEN;
process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "cv-setup-"));
withTestDatabase(); // a database of this file's own: set-up needs one with no users yet

const { checkSetupToken, completeSetup } = await import("./actions");
const { ensureSetupToken, setupTokenPath } = await import("./setup-token");

const b64 = (n: number) => randomBytes(n).toString("base64url");

function setupInput(setupToken: string): SetupWire {
  const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  const totpCode = new TOTP({ secret: Secret.fromBase32(totpSecret), digits: 6, period: 30, algorithm: "SHA1" }).generate();
  return {
    setupToken,
    organisationName: "Harbour Rights Centre",
    displayName: "Ada Admin",
    email: "ada@ngo.test",
    enrolment: {
      userId: randomUUID(),
      kdf: { salt: b64(16), opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 },
      authKey: b64(32),
      boxPublicKey: b64(32),
      signPublicKey: b64(32),
      accountKeyWrapped: b64(72),
      privateKeysSealed: b64(120),
      totpSecret,
      totpCode,
    },
  };
}

describe("first-run set-up and its token", () => {
  let token: string;
  // The first query creates and migrates the database: not part of what is timed below.
  beforeAll(async () => {
    await getDb();
  }, 180_000);
  beforeEach(() => {
    hashes.count = 0;
  });

  it("refuses a missing or wrong token before any Argon2id work, and stores nothing", async () => {
    token = ensureSetupToken().token;
    for (const wrong of ["", "not-the-token", token.slice(1), `${token}${token}`]) {
      await expect(completeSetup(setupInput(wrong))).rejects.toThrow("setup.tokenWrong");
      await expect(checkSetupToken(wrong)).rejects.toThrow("setup.tokenWrong");
    }
    expect(hashes.count).toBe(0);
    expect(await (await getDb()).organisation.count()).toBe(0);
    expect(fs.existsSync(setupTokenPath(path.resolve(env().DATA_DIR)))).toBe(true);
  });

  it("with the right token creates the organisation once, then deletes the token file", async () => {
    await expect(checkSetupToken(token)).resolves.toBeUndefined();
    const done = await completeSetup(setupInput(token));
    expect(done.email).toBe("ada@ngo.test");
    expect(done.recoveryCodes).toHaveLength(10); // shown once to the new admin
    expect(hashes.count).toBe(1);
    expect(await (await getDb()).user.count()).toBe(1);
    expect(fs.existsSync(setupTokenPath(path.resolve(env().DATA_DIR)))).toBe(false);
  });

  it("the same token is dead afterwards: not found, no Argon2id work", async () => {
    await expect(completeSetup(setupInput(token))).rejects.toThrow("not_found");
    await expect(checkSetupToken(token)).rejects.toThrow("not_found");
    expect(hashes.count).toBe(0);
    expect(await (await getDb()).organisation.count()).toBe(1);
  });
});
