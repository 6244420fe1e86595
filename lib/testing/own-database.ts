import pg from "pg";

// Fresh PostgreSQL databases for tests. Created by the owner role
// (DATABASE_OWNER_URL on a restricted-role run); the runtime role gets what
// docs/operations.md "Database roles" gives it. Used by integration tests that
// need an empty database of their own and by the e2e private servers.

function withDatabase(url: string, name: string): string {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

/** Creates database `prefix_<time>_<random>`; returns its runtime and owner URLs. */
export async function createPostgresDatabase(runtime: string, owner: string, prefix: string): Promise<{ url: string; ownerUrl: string }> {
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: withDatabase(owner, "postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const runtimeRole = decodeURIComponent(new URL(runtime).username);
  const ownerRole = decodeURIComponent(new URL(owner).username);
  if (runtimeRole && runtimeRole !== ownerRole) {
    const client = new pg.Client({ connectionString: withDatabase(owner, name) });
    await client.connect();
    await client.query(`GRANT CONNECT ON DATABASE "${name}" TO "${runtimeRole}";
      GRANT USAGE ON SCHEMA public TO "${runtimeRole}";
      ALTER DEFAULT PRIVILEGES FOR ROLE "${ownerRole}" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${runtimeRole}";
      ALTER DEFAULT PRIVILEGES FOR ROLE "${ownerRole}" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "${runtimeRole}";`);
    await client.end();
  }
  return { url: withDatabase(runtime, name), ownerUrl: withDatabase(owner, name) };
}

/**
 * For a test file that needs an empty database of its own (first-run set-up
 * refuses once any user exists): on PostgreSQL runs, where test files share
 * one database, points this file's DATABASE_URL / DATABASE_OWNER_URL at a
 * fresh one. Embedded runs already get a fresh folder per file. Call (await)
 * before withTestDatabase().
 */
export async function takeOwnPostgresDatabase(): Promise<void> {
  const runtime = process.env.DATABASE_URL;
  if (!runtime) return;
  const created = await createPostgresDatabase(runtime, process.env.DATABASE_OWNER_URL ?? runtime, "casevault_test_own");
  process.env.DATABASE_URL = created.url;
  if (process.env.DATABASE_OWNER_URL) process.env.DATABASE_OWNER_URL = created.ownerUrl;
}
