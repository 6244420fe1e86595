import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/lib/db/client";

/**
 * For integration tests that use the real database client: CI's PostgreSQL
 * run sets DATABASE_URL (a fresh database per run); otherwise each test file
 * gets its own fresh embedded folder. Call at the top of the test file.
 * Either way DATA_DIR is a fresh folder (audit checkpoints, key files); on
 * PostgreSQL, where all files share one database and so one audit chain,
 * every file gets the same audit key (AUDIT_KEY, derived from the URL unless set).
 */
export function withTestDatabase(): { kind: "PostgreSQL" | "embedded PGlite" } {
  let dataDir: string | undefined;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-db-"));
    process.env.DATA_DIR = dataDir;
    if (process.env.DATABASE_URL && !process.env.AUDIT_KEY) {
      process.env.AUDIT_KEY = createHash("sha256").update(`casevault test audit key ${process.env.DATABASE_URL}`).digest("base64");
    }
  });
  afterAll(async () => {
    await closeDb();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { kind: process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite" };
}
