import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/lib/db/client";

/**
 * For integration tests that use the real database client: CI's PostgreSQL
 * run sets DATABASE_URL (a fresh database per run); otherwise each test file
 * gets its own fresh embedded folder. Call at the top of the test file.
 */
export function withTestDatabase(): { kind: "PostgreSQL" | "embedded PGlite" } {
  let dataDir: string | undefined;
  beforeAll(() => {
    if (!process.env.DATABASE_URL) {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-db-"));
      process.env.DATA_DIR = dataDir;
    }
  });
  afterAll(async () => {
    await closeDb();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { kind: process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite" };
}
