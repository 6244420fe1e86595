import type { Browser, BrowserContextOptions, Page } from "@playwright/test";
import { demoDatabase } from "./demo-database";
import { signedInPage } from "./flows";
import type { SeededAccount } from "./seed";
import { startServer, type AppServer, type TestDatabase } from "./server";
import { test } from "./test";

type Options = {
  env?: Record<string, string>;
  port?: number;
  /** Runs on the copied database before the first start (an embedded database has one owner at a time). */
  prepare?: (database: TestDatabase) => Promise<void>;
};

/**
 * The spec's own app server on its own copy of the demo organisation, started
 * before the spec's first test and stopped after its last: what most specs
 * need before they test anything. Call it once at the top of a spec file.
 * A spec that reads or tampers with the database stops the server first
 * (`stop`, `restart`): the embedded database opens in one process only.
 */
export function ownDemoServer(options: Options = {}) {
  let copy: { database: TestDatabase; accounts: SeededAccount[] } | null = null;
  let server: AppServer | null = null;
  let port = options.port;
  const live = () => {
    if (!copy) throw new Error("the demo database is not there yet: read it inside a test or hook");
    return copy;
  };
  const running = (): AppServer => {
    if (!server) throw new Error("the demo server is not running: read it inside a test or hook, after restart()");
    return server;
  };
  const start = async () => {
    server = await startServer(live().database, options.env, port);
    port = Number(new URL(server.baseURL).port); // a restart comes back where the browsers expect it
  };
  const stop = async () => {
    const stopping = server;
    server = null;
    await stopping?.stop();
  };

  test.beforeAll(async () => {
    // Copying the demo database and a first start take a while on a busy machine
    // (a spec that configured a longer timeout keeps it).
    test.setTimeout(Math.max(test.info().timeout, 180_000));
    copy = await demoDatabase();
    await options.prepare?.(copy.database);
    await start();
  });
  test.afterAll(stop);

  const demo = {
    get database(): TestDatabase {
      return live().database;
    },
    get server(): AppServer {
      return running();
    },
    get baseURL(): string {
      return running().baseURL;
    },
    /** The seeded person with this org role (admin, coordinator, caseworker, lawyer). */
    account(role: string): SeededAccount {
      const found = live().accounts.find((a) => a.role === role);
      if (!found) throw new Error(`no seeded account with role ${role}`);
      return found;
    },
    /** A fresh browser context signed in as the seeded person with this role. */
    signedInPage(browser: Browser, role: string, contextOptions: BrowserContextOptions = {}): Promise<Page> {
      return signedInPage(browser, demo.baseURL, demo.account(role), contextOptions);
    },
    /** Stops the server (if it runs), so that the database can be read or dumped; afterAll does this too. */
    stop,
    /** Kills the server with SIGKILL, wherever it is (no polite stop: a part half-received, a row half-written); restart() brings it back. */
    async kill(): Promise<void> {
      const victim = running();
      server = null;
      process.kill(victim.pid!, "SIGKILL");
      await victim.exited;
    },
    /**
     * Stops the server (if it runs), runs `whileStopped` on the database, then
     * starts the server again on the same port and environment; returns what
     * `whileStopped` returned. The getters return the new server.
     */
    async restart<T>(whileStopped?: (database: TestDatabase) => Promise<T>): Promise<T | undefined> {
      await stop();
      const result = await whileStopped?.(live().database);
      await start();
      return result;
    },
  };
  return demo;
}
