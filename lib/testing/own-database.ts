import pg from "pg";

// For a test file that needs an empty database of its own (first-run set-up
// refuses once any user exists): on PostgreSQL runs, where test files share
// one database, creates a fresh one as the owner, gives the runtime role what
// docs/operations.md "Database roles" gives it, and points this file's
// DATABASE_URL / DATABASE_OWNER_URL at it. Embedded runs already get a fresh
// folder per file. Call (await) before withTestDatabase().

function withDatabase(url: string, name: string): string {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

export async function takeOwnPostgresDatabase(): Promise<void> {
  const runtime = process.env.DATABASE_URL;
  if (!runtime) return;
  const owner = process.env.DATABASE_OWNER_URL ?? runtime;
  const name = `casevault_test_own_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
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
  process.env.DATABASE_URL = withDatabase(runtime, name);
  if (process.env.DATABASE_OWNER_URL) process.env.DATABASE_OWNER_URL = withDatabase(owner, name);
}
