import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/lib/db/client";
import { dropPostgresDatabase, takeOwnPostgresDatabase } from "./own-database";

/**
 * For integration tests that use the real database client. Call at the top of
 * the test file. Each file gets a database of its own, so files run in
 * parallel on either kind: a fresh embedded folder, or, when DATABASE_URL
 * names a PostgreSQL server (CI's second run), a fresh database on it, dropped
 * afterwards. Either way DATA_DIR is a fresh folder (audit checkpoints, key
 * files), and every PostgreSQL file gets the same audit key (AUDIT_KEY,
 * derived from the first URL unless set).
 */
export function withTestDatabase(): { kind: "PostgreSQL" | "embedded PGlite" } {
  let dataDir: string | undefined;
  let ownDatabase: string | undefined;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-db-"));
    process.env.DATA_DIR = dataDir;
    if (process.env.DATABASE_URL && !process.env.AUDIT_KEY) {
      process.env.AUDIT_KEY = createHash("sha256").update(`casevault test audit key ${process.env.DATABASE_URL}`).digest("base64");
    }
    if (process.env.DATABASE_URL) ownDatabase = await takeOwnPostgresDatabase();
  });
  afterAll(async () => {
    await closeDb();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (ownDatabase) await dropPostgresDatabase(ownDatabase);
  });
  return { kind: process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite" };
}
