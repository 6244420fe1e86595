import { demoDatabase } from "./demo-database";
import type { SeededAccount } from "./seed";
import { startServer, type AppServer, type TestDatabase } from "./server";
import { test } from "./test";

type Started = { database: TestDatabase; accounts: SeededAccount[]; server: AppServer };

/**
 * The spec's own app server on its own copy of the demo organisation, started
 * before the spec's first test and stopped after its last: what most specs
 * need before they test anything. Call it once at the top of a spec file.
 */
export function ownDemoServer(options: { env?: Record<string, string>; port?: number } = {}) {
  let started: Started | null = null;
  const live = (): Started => {
    if (!started) throw new Error("the demo server is not running: read it inside a test or hook");
    return started;
  };

  test.beforeAll(async () => {
    // Copying the demo database and a first start take a while on a busy machine.
    test.setTimeout(180_000);
    const { database, accounts } = await demoDatabase();
    started = { database, accounts, server: await startServer(database, options.env, options.port) };
  });
  test.afterAll(async () => {
    await started?.server.stop();
  });

  return {
    get database(): TestDatabase {
      return live().database;
    },
    get server(): AppServer {
      return live().server;
    },
    get baseURL(): string {
      return live().server.baseURL;
    },
    /** The seeded person with this org role (admin, coordinator, caseworker, lawyer). */
    account(role: string): SeededAccount {
      const found = live().accounts.find((a) => a.role === role);
      if (!found) throw new Error(`no seeded account with role ${role}`);
      return found;
    },
  };
}
