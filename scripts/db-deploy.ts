// `npm run db:deploy`: apply pending migrations to DATABASE_URL (as
// DATABASE_OWNER_URL's role when set; or the embedded database) without starting the app — the production release step.
// The app also applies them at start; this lets a deploy fail early.
import { closeDb, getDb } from "@/lib/db/client";

async function main() {
  await getDb();
  console.log(process.env.DATABASE_URL ? "PostgreSQL: migrations applied." : "Embedded database: migrations applied.");
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(closeDb);
