import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside a React Server environment; unit tests
      // exercise server modules directly, so it resolves to a no-op here.
      "server-only": fileURLToPath(new URL("./lib/testing/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    include: ["{lib,app,scripts,eslint-rules}/**/*.test.{ts,tsx}"],
    environment: "node",
    testTimeout: 30_000,
    // A file's first query creates its embedded database and applies every
    // migration: seconds on a busy 2-core machine, inside a beforeAll.
    hookTimeout: 60_000,
    // Files run in parallel on both kinds of database: withTestDatabase()
    // gives each file its own (lib/testing/test-db.ts).
  },
});
