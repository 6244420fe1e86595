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
 * On PostgreSQL runs, points this process's DATABASE_URL / DATABASE_OWNER_URL
 * at a fresh database on the same server and returns its owner URL (for
 * dropPostgresDatabase). withTestDatabase() does this for every integration
 * test file.
 */
export async function takeOwnPostgresDatabase(): Promise<string | undefined> {
  const runtime = process.env.DATABASE_URL;
  if (!runtime) return undefined;
  const created = await createPostgresDatabase(runtime, process.env.DATABASE_OWNER_URL ?? runtime, "casevault_test_own");
  process.env.DATABASE_URL = created.url;
  if (process.env.DATABASE_OWNER_URL) process.env.DATABASE_OWNER_URL = created.ownerUrl;
  return created.ownerUrl;
}

/** Drops a database createPostgresDatabase made (its connections closed first: FORCE). */
export async function dropPostgresDatabase(ownerUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(ownerUrl).pathname.slice(1));
  const admin = new pg.Client({ connectionString: withDatabase(ownerUrl, "postgres") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
